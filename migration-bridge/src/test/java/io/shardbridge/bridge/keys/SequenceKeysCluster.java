package io.shardbridge.bridge.keys;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A unit with one {@code integer serial} table per target dialect ({@code seqkey_pg}, {@code seqkey_my};
 * unit {@code seqkeys_pg}, {@code seqkeys_my}), 500 rows written on legacy by its sequence, key blocks
 * of 25 so that instances reserve often; as YAML too, for instances in other processes.
 */
final class SequenceKeysCluster {
    static final int LEGACY_ROWS = 500;
    static final int BLOCK = 25;

    final Dialect dialect;
    final String table;
    final String unit;

    SequenceKeysCluster(Dialect dialect) {
        this.dialect = dialect;
        String suffix = dialect == Dialect.POSTGRESQL ? "pg" : "my";
        this.table = "seqkey_" + suffix;
        this.unit = "seqkeys_" + suffix;
    }

    String yaml() {
        String base = TestTargets.yamlText(dialect);
        return base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    %s: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                migrations:
                  %s: { tables: [%s], phase: LEGACY_ONLY, fence-timeout-ms: 4000, mirror-timeout-ms: 3000, key-block-size: %d }
                """.formatted(table, unit, table, BLOCK);
    }

    Path yamlFile() throws java.io.IOException {
        Path file = Files.createTempFile("shardbridge-" + unit + "-", ".yaml");
        Files.writeString(file, yaml());
        file.toFile().deleteOnExit();
        return file;
    }

    ShardbridgeConfig config() {
        return ShardbridgeConfigLoader.parse(yaml(), unit + ".yaml");
    }

    /** Fresh tables on legacy (500 rows by the sequence) and the shards; no phase, backfill, verification or key space recorded. */
    void reset() throws SQLException {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (id serial PRIMARY KEY, user_id bigint NOT NULL, note text)");
            st.execute("INSERT INTO " + table + " (user_id, note) SELECT g % 37, 'before the migration' FROM generate_series(1, " + LEGACY_ROWS + ") g");
            BridgeFixture.forgetUnits(st, unit);
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_backfill') IS NOT NULL THEN DELETE FROM shardbridge_backfill WHERE unit_name = '" + unit
                    + "'; END IF; IF to_regclass('shardbridge_verification') IS NOT NULL THEN DELETE FROM shardbridge_verification WHERE unit_name = '"
                    + unit + "'; END IF; IF to_regclass('shardbridge_intent') IS NOT NULL THEN DELETE FROM shardbridge_intent WHERE unit_name = '"
                    + unit + "'; END IF; IF to_regclass('shardbridge_key_sequence') IS NOT NULL THEN DELETE FROM shardbridge_key_sequence "
                    + "WHERE unit_name = '" + unit + "'; END IF; END $$");
        }
        ShardbridgeConfig config = config();
        try (var pools = io.shardbridge.pool.ShardPools.open(config.target())) {
            for (var shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + table + "_0");
                    st.execute("DROP TABLE IF EXISTS " + table + "_1");
                }
            }
            try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
                new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", table)));
            }
        }
    }

    /** One instance with its own pools: heartbeat every 50 ms, dead after 2 s without one. */
    BridgeDataSource instance(String name) {
        return BridgeDataSource.builder(config()).meterRegistry(new SimpleMeterRegistry()).instanceId(name)
                .controlTiming(Duration.ofMillis(50), Duration.ofSeconds(2)).repair(Duration.ofSeconds(1), Duration.ofSeconds(1)).open();
    }

    Connection legacy() throws SQLException {
        return TestDatabases.postgresConnection(TestDatabases.LEGACY);
    }

    /** Every id on the target, across the physical tables. */
    List<Long> targetIds() throws SQLException {
        List<Long> out = new java.util.ArrayList<>();
        for (String db : dialect == Dialect.POSTGRESQL ? List.of(TestDatabases.PG_SHARD0, TestDatabases.PG_SHARD1)
                : List.of(TestDatabases.MYSQL_SHARD0, TestDatabases.MYSQL_SHARD1)) {
            try (Connection c = dialect == Dialect.POSTGRESQL ? TestDatabases.postgresConnection(db) : TestDatabases.mysqlConnection(db);
                 Statement st = c.createStatement()) {
                for (int i = 0; i < 2; i++) {
                    try (var rs = st.executeQuery("SELECT id FROM " + table + "_" + i)) {
                        while (rs.next()) {
                            out.add(rs.getLong(1));
                        }
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The value the legacy sequence would issue next. */
    long legacyNext() throws SQLException {
        try (Connection c = legacy(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT last_value, is_called FROM " + table + "_id_seq")) {
            rs.next();
            return rs.getBoolean(2) ? rs.getLong(1) + 1 : rs.getLong(1);
        }
    }
}
