/**
 * End-to-end benchmark of a write's latency through the dual write against direct JDBC.
 *
 * <p>It may import: the public API of migration-bridge and sharding-core, sharding-core's test fixtures and
 * Micrometer.
 */
package io.shardbridge.benchmarks.dualwrite;
