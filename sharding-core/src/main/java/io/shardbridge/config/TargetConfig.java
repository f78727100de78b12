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
 * @param crossShardTransactions what a transaction writing two shards gets ({@code target.cross-shard-transactions});
 *                   null: atomic when every shard can prepare transactions, else a start-up error naming both options
 * @param lockTimeoutMillis how long a statement on a shard waits for a row lock before it fails
 *                   ({@code target.lock-timeout-ms}, default 5000; 0 leaves the server's own setting), so a lock
 *                   cycle that spans shards ends in an error the client can retry instead of a hang
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
        boolean subqueryGuard,
        CrossShardTransactions crossShardTransactions,
        int lockTimeoutMillis) {

    /** The default row-lock wait bound on shard connections. */
    public static final int DEFAULT_LOCK_TIMEOUT_MILLIS = 5000;

    /** A target with the transaction settings left at their defaults. */
    public TargetConfig(Dialect dialect, Dialect sqlDialect, Map<String, DatabaseEndpoint> shards, Map<String, TableRule> tables,
                        List<String> broadcastTables, List<List<String>> bindingGroups, int connectTimeoutSeconds, boolean fastPath,
                        boolean subqueryGuard) {
        this(dialect, sqlDialect, shards, tables, broadcastTables, bindingGroups, connectTimeoutSeconds, fastPath, subqueryGuard, null,
                DEFAULT_LOCK_TIMEOUT_MILLIS);
    }

    public TargetConfig {
        shards = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(shards));
        tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
        broadcastTables = List.copyOf(broadcastTables);
        bindingGroups = List.copyOf(bindingGroups);
    }

    /** The same target with {@code target.cross-shard-transactions} set. */
    public TargetConfig withCrossShardTransactions(CrossShardTransactions mode) {
        return new TargetConfig(dialect, sqlDialect, shards, tables, broadcastTables, bindingGroups, connectTimeoutSeconds, fastPath, subqueryGuard,
                mode, lockTimeoutMillis);
    }

    /** The same target with {@code target.lock-timeout-ms} set. */
    public TargetConfig withLockTimeoutMillis(int millis) {
        return new TargetConfig(dialect, sqlDialect, shards, tables, broadcastTables, bindingGroups, connectTimeoutSeconds, fastPath, subqueryGuard,
                crossShardTransactions, millis);
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
