/**
 * The benchmarks module: one package per thing measured (per-statement cost, backfill, dual write, flip, keys,
 * catch-up, cross-shard commit, start-up), each run side by side with its baseline and written down in
 * benchmarks/RESULTS.md. This root package holds what every benchmark shares: percentiles and the schema set-up.
 *
 * <p>Its packages may import the public API of migration-bridge and sharding-core, sharding-core's test fixtures
 * ({@code io.shardbridge.testing}), JMH and the engines' drivers; nothing imports them.
 */
package io.shardbridge.benchmarks;
