/**
 * Where rows live: the slot functions of the four algorithms, and the {@link io.shardbridge.sharding.ShardLayout}
 * that maps a shard-key value to its physical table (shared by routing, mirror, backfill and verification).
 *
 * <p>It may import: {@code io.shardbridge} and {@code config}.
 */
package io.shardbridge.sharding;
