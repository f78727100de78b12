/**
 * Benchmark of the commit of a transaction that writes several shards, two-phase commit against ShardingSphere's
 * own local commit.
 *
 * <p>It may import: {@code config}, {@code sharding}, {@code sharding.shardingsphere}, the {@code jmh} package's
 * helpers, sharding-core's test fixtures and ShardingSphere-JDBC.
 */
package io.shardbridge.benchmarks.crossshard;
