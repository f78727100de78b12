package io.shardbridge.examples.walk;

import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A service's test databases as they were before its migration, and the operator's {@code shardbridge schema} on the shards. */
public final class ShardTables {
    private static final String CONTROL_TABLES = "shardbridge_unit, shardbridge_instance, shardbridge_backfill, shardbridge_verification, shardbridge_intent, "
            + "shardbridge_key_sequence";

    private ShardTables() {
    }

    /**
     * On legacy, the service's tables and an earlier run's control tables are dropped and {@code legacySetup}
     * runs (the service's schema and rows); on both shards, the tables' physical tables and intents are
     * dropped; then the physical tables are created from the legacy catalog.
     *
     * @param rules each logical table's rule, as under {@code target.tables}, e.g. {@code { shard-key: user_id, algorithm: mod }}
     */
    public static void freshService(String legacy, String shard0, String shard1, Map<String, String> rules, String... legacySetup) throws SQLException {
        freshService(legacy, shard0, shard1, rules, List.of(), legacySetup);
    }

    /**
     * As {@link #freshService(String, String, String, Map, String...)}, with {@code broadcast} tables as
     * well (under {@code target.broadcast-tables}: one copy, under its logical name, in every shard).
     */
    public static void freshService(String legacy, String shard0, String shard1, Map<String, String> rules, List<String> broadcast, String... legacySetup)
            throws SQLException {
        var pg = TestDatabases.postgres();
        StringBuilder yaml = new StringBuilder("""
                target:
                  shards:
                    ds0: { url: "%s", username: %s }
                    ds1: { url: "%s", username: %s }
                  tables:
                """.formatted(TestDatabases.postgresUrl(shard0), pg.user(), TestDatabases.postgresUrl(shard1), pg.user()));
        rules.forEach((table, rule) -> yaml.append("    ").append(table).append(": ").append(rule).append('\n'));
        if (!broadcast.isEmpty()) {
            yaml.append("  broadcast-tables: [").append(String.join(", ", broadcast)).append("]\n");
        }
        List<String> tables = new ArrayList<>(rules.keySet());
        tables.addAll(broadcast);
        var target = ShardbridgeConfigLoader.parse(yaml.toString(), "shards.yaml").target();
        try (Connection c = TestDatabases.postgresConnection(legacy); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + String.join(", ", tables) + ", " + CONTROL_TABLES);
            for (String sql : legacySetup) {
                st.execute(sql);
            }
        }
        Map<String, String> databases = Map.of("ds0", shard0, "ds1", shard1);
        for (Map.Entry<String, String> shard : databases.entrySet()) {
            List<String> physical = new ArrayList<>(broadcast);
            for (String table : rules.keySet()) {
                new ShardLayout(target.table(table).orElseThrow(), target.shardNames()).physicalTables().stream().filter(t -> t.shard().equals(shard.getKey())).forEach(t -> physical.add(t.table()));
            }
            try (Connection c = TestDatabases.postgresConnection(shard.getValue()); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + String.join(", ", physical) + ", shardbridge_intent");
            }
        }
        provision(TestDatabases.postgresUrl(legacy), pg.user(), pg.password(), yaml.toString(), tables.toArray(String[]::new));
    }

    /**
     * @param targetYaml the {@code target:} section (shards and tables)
     * @param tables     the legacy tables to provision
     */
    private static void provision(String legacyUrl, String user, String password, String targetYaml, String... tables) throws SQLException {
        var config = ShardbridgeConfigLoader.parse(targetYaml, "shards.yaml");
        try (ShardPools pools = ShardPools.open(config.target()); Connection legacy = DriverManager.getConnection(legacyUrl, user, password)) {
            List<TableDefinition> definitions = new ArrayList<>();
            for (String table : tables) {
                definitions.add(PostgresCatalogReader.read(legacy, "public", table));
            }
            new SchemaProvisioner(config.target(), pools.byShard()).provision(definitions);
        }
    }
}
