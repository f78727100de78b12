/**
 * Benchmark of the time a sharded target takes to open.
 *
 * <p>It may import: {@code sharding}, {@code sharding.shardingsphere}, the {@code jmh} package's helpers and
 * ShardingSphere-JDBC.
 */
package io.shardbridge.benchmarks.startup;
