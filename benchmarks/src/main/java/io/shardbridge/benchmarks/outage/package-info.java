/**
 * How fast a mirror outage converges: writers keep writing while one shard refuses connections, and the
 * benchmark times how long after the shard's return every intent the outage left is drained.
 *
 * <p>It may import: the benchmarks' root package, migration-bridge's and sharding-core's public API and test fixtures.
 */
package io.shardbridge.benchmarks.outage;
