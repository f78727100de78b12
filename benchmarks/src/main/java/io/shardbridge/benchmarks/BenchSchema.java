package io.shardbridge.benchmarks;

import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What every benchmark does before it measures: its tables fresh on the shards as provisioned from legacy's
 * definitions, no control-plane record left of its units by an earlier run, and its configuration (the test
 * target of a dialect with the benchmark's own tables and units).
 */
public final class BenchSchema {
    /** The control-plane tables that hold a unit's records, cleared for a benchmark's units before a run. */
    private static final List<String> UNIT_RECORDS = List.of("shardbridge_unit", "shardbridge_instance", "shardbridge_backfill",
            "shardbridge_catchup", "shardbridge_key_sequence", "shardbridge_intent");

    private BenchSchema() {
    }

    /**
     * Drops every physical table of {@code tables} ({@code name_0 … name_(perShard-1)}) on every shard and provisions them
     * again from the tables as legacy defines them now.
     */
    public static void reprovision(ShardbridgeConfig config, int tablesPerShard, List<String> tables) throws SQLException {
        try (ShardPools pools = ShardPools.open(config.target());
             Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
            for (var shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    for (String table : tables) {
                        for (int i = 0; i < tablesPerShard; i++) {
                            st.execute("DROP TABLE IF EXISTS " + table + "_" + i);
                        }
                    }
                }
            }
            List<TableDefinition> definitions = new ArrayList<>();
            for (String table : tables) {
                definitions.add(PostgresCatalogReader.read(legacy, "public", table));
            }
            new SchemaProvisioner(config.target(), pools.byShard()).provision(definitions);
        }
    }

    /** Deletes the control-plane records (phase, instances, checkpoints, key spaces, intents) of units named like {@code pattern}. */
    public static void forgetUnits(Statement legacy, String pattern) throws SQLException {
        StringBuilder sql = new StringBuilder("DO $$ BEGIN ");
        for (String table : UNIT_RECORDS) {
            sql.append("IF to_regclass('").append(table).append("') IS NOT NULL THEN DELETE FROM ").append(table)
                    .append(" WHERE unit_name LIKE '").append(pattern.replace("'", "''")).append("'; END IF; ");
        }
        legacy.execute(sql.append("END $$").toString());
    }

    /** The test target's configuration for {@code dialect} with {@code tablesAndMigrations} (YAML from {@code tables:} on) as its own. */
    public static String yaml(Dialect dialect, String tablesAndMigrations) {
        String base = TestTargets.yamlText(dialect);
        return base.substring(0, base.indexOf("  tables:\n")) + tablesAndMigrations;
    }

    /** The engine of a target's shards, as the results tables name it. */
    public static String engine(Dialect dialect) {
        return dialect == Dialect.MYSQL ? "MariaDB" : "PostgreSQL";
    }
}
