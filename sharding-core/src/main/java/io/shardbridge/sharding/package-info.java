/**
 * Where rows live: the slot functions of the four algorithms, the {@link io.shardbridge.sharding.ShardLayout} that
 * maps a shard-key value to its physical table (shared by routing, mirror, backfill and verification), and the
 * open {@link io.shardbridge.sharding.ShardedTarget}.
 *
 * <p>It may import: {@code io.shardbridge}, {@code config}, {@code pool}, {@code jdbc} and the {@code fastpath},
 * {@code shardingsphere} and {@code tx} packages below it (which assemble a target).
 */
package io.shardbridge.sharding;
