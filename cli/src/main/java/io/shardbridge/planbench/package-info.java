/**
 * {@code shardbridge plan-bench}: compares candidate shard plans on a table's real rows and a workload, on scratch
 * shards, with HTML and JSON reports.
 *
 * <p>It may import: {@code io.shardbridge}, {@code config}, {@code schema}, {@code sharding},
 * {@code sharding.fastpath}, {@code sharding.shardingsphere} and Jackson.
 */
package io.shardbridge.planbench;
