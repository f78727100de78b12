/**
 * One unit's report page and JSON tree: readiness blockers first, the census, phase history, backfill progress and
 * verification history.
 *
 * <p>It may import: {@code bridge.backfill}, {@code bridge.control}, {@code bridge.jdbc}, {@code bridge.readiness},
 * {@code bridge.status} and {@code bridge.verify}.
 */
package io.shardbridge.report;
