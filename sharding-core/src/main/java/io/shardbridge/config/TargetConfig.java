package io.shardbridge.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sharded destination: physical shards in order, logical tables and their rules, broadcast tables
 * (a full copy in every shard) and binding groups (tables sharded alike, so their joins stay on one shard).
 *
 * @param sqlDialect the dialect the service's own SQL is written in (parsed as such for routing)
 * @param fastPath   whether statements that name one shard-key value skip ShardingSphere's pipeline
 *                   ({@code target.fast-path}, default true; see {@code io.shardbridge.sharding.fastpath})
 * @param subqueryGuard whether SELECTs with a subquery shape ShardingSphere answers wrongly are refused
 *                   ({@code target.subquery-guard}, default true)
 */
public record TargetConfig(
        Dialect dialect,
        Dialect sqlDialect,
        Map<String, DatabaseEndpoint> shards,
        Map<String, TableRule> tables,
        List<String> broadcastTables,
        List<List<String>> bindingGroups,
        int connectTimeoutSeconds,
        boolean fastPath,
        boolean subqueryGuard) {

    public TargetConfig {
        shards = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(shards));
        tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
        broadcastTables = List.copyOf(broadcastTables);
        bindingGroups = List.copyOf(bindingGroups);
    }

    /** The same target with the fast path switched on or off. */
    public TargetConfig withFastPath(boolean enabled) {
        return new TargetConfig(dialect, sqlDialect, shards, tables, broadcastTables, bindingGroups, connectTimeoutSeconds, enabled, subqueryGuard);
    }

    public List<String> shardNames() {
        return List.copyOf(shards.keySet());
    }

    public Optional<TableRule> table(String logicalName) {
        return Optional.ofNullable(tables.get(logicalName));
    }

    public boolean isBroadcast(String logicalName) {
        return broadcastTables.contains(logicalName);
    }
}
