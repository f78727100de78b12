/**
 * One unit's report page and JSON tree: readiness blockers first, the census, phase history, backfill progress and
 * verification history.
 *
 * <p>It may import: {@code bridge.backfill}, {@code bridge.control}, {@code bridge.jdbc}, {@code bridge.readiness}
 * and {@code bridge.status}.
 */
package io.shardbridge.report;
