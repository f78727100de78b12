/**
 * End-to-end benchmark of the write pause at the fenced authority flip under load.
 *
 * <p>It may import: the public API of migration-bridge and sharding-core, sharding-core's test fixtures and
 * Micrometer.
 */
package io.shardbridge.benchmarks.flip;
