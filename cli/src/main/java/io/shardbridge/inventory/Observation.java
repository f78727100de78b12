package io.shardbridge.inventory;

import io.shardbridge.inventory.InventoryReport.IdentifiedBy;
import io.shardbridge.inventory.InventoryReport.Source;
import java.time.Instant;

/**
 * One statement text an application sent, and how often.
 *
 * @param calls    pg_stat_statements' calls, or the distinct executions sampling saw
 * @param lastSeen the latest query_start sampling saw, or null (pg_stat_statements keeps no time)
 * @param client   the client address, or null (pg_stat_statements, or a Unix socket)
 */
record Observation(String application, IdentifiedBy identifiedBy, String role, String client, Source source, String sql, long calls,
                   Instant lastSeen) {
}
