/**
 * End-to-end benchmark of the shared key allocator: INSERTs whose sequence keys shardbridge fills from LIVE on.
 *
 * <p>It may import: the public API of migration-bridge and sharding-core, sharding-core's test fixtures and
 * Micrometer.
 */
package io.shardbridge.benchmarks.keys;
