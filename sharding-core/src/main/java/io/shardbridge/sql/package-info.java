/**
 * ShardingSphere's standalone SQL parser behind one cache and one model: {@link io.shardbridge.sql.ParsedStatements}
 * parses a text once per dialect into an immutable {@link io.shardbridge.sql.ParsedStatement} that every reader in
 * shardbridge reads (fast path, subquery guard, the migration layer's classifier and key filler, readiness, the CLI's
 * inventory). The only package that imports ShardingSphere's parser types; it imports nothing else of shardbridge but
 * {@code io.shardbridge.config.Dialect} and {@code concurrent} (its warm-up thread).
 */
package io.shardbridge.sql;
