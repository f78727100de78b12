/**
 * The single-shard fast path: prepared statements that pin one shard-key value run on their physical table without
 * ShardingSphere's pipeline, and the subquery guard refuses the shapes ShardingSphere answers wrongly (docs/fast-
 * path.md, docs/sharding.md).
 *
 * <p>It may import: {@code config}, {@code jdbc.delegate}, {@code sharding}, {@code sharding.shardingsphere}, {@code sql}
 * and ShardingSphere's statement model (read through {@code sql}).
 */
package io.shardbridge.sharding.fastpath;
