/**
 * End-to-end benchmarks of the backfill: rows per second into PostgreSQL and MySQL shards, and keyset ranges on
 * composite keys (benchmarks/RESULTS.md).
 *
 * <p>It may import: the public API of migration-bridge and sharding-core, sharding-core's test fixtures
 * ({@code io.shardbridge.testing}), Micrometer and pgjdbc.
 */
package io.shardbridge.benchmarks.backfill;
