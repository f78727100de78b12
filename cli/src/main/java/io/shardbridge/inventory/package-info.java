/**
 * The inventory before the first unit (DESIGN §11): which applications read and write which legacy tables, from
 * pg_stat_statements, sampled pg_stat_activity, the catalog and the statement census, and which tables must move
 * together; legacy is only read.
 *
 * <p>It may import: {@code io.shardbridge}, {@code bridge.readiness} (the census, read through {@code CensusRows}),
 * {@code config}, {@code sql} and Jackson.
 */
package io.shardbridge.inventory;
