/**
 * JMH and interleaved benchmarks of per-statement cost: direct JDBC, stock ShardingSphere-JDBC and shardbridge
 * side by side in one run.
 *
 * <p>It may import: {@code bridge.jdbc}, {@code config}, {@code sharding}, {@code sharding.shardingsphere}, sharding-
 * core's test fixtures, JMH, HikariCP and ShardingSphere-JDBC.
 */
package io.shardbridge.benchmarks.jmh;
