/**
 * End-to-end benchmark of the logical-replication catch-up: how fast writes made outside shardbridge reach the
 * target.
 *
 * <p>It may import: the public API of migration-bridge and sharding-core, sharding-core's test fixtures and
 * Micrometer.
 */
package io.shardbridge.benchmarks.catchup;
