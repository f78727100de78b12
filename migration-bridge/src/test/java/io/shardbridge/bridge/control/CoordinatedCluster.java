package io.shardbridge.bridge.control;

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
 * A unit {@code coord} over table {@code coord_row}, PostgreSQL legacy → PostgreSQL shards, with its
 * configuration as YAML (for instances in other processes) and fresh tables, phases and heartbeats.
 */
final class CoordinatedCluster {
    static final String UNIT = "coord";

    private CoordinatedCluster() {
    }

    static String yaml() {
        String base = TestTargets.yamlText(Dialect.POSTGRESQL);
        return base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    coord_row: { shard-key: id, tables-per-shard: 2, algorithm: mod }
                migrations:
                  coord: { tables: [coord_row], phase: LEGACY_ONLY, fence-timeout-ms: 4000, mirror-timeout-ms: 3000 }
                """;
    }

    static Path yamlFile() throws java.io.IOException {
        Path file = Files.createTempFile("shardbridge-coord-", ".yaml");
        Files.writeString(file, yaml());
        return file;
    }

    static ShardbridgeConfig config() {
        return ShardbridgeConfigLoader.parse(yaml(), "coord.yaml");
    }

    /** Fresh tables on legacy and the shards, and no recorded phase, backfill or verification for the unit. */
    static void reset() throws SQLException {
        ShardbridgeConfig config = config();
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS coord_row");
            st.execute("CREATE TABLE coord_row (id bigint PRIMARY KEY, val bigint NOT NULL, note text)");
            st.execute("INSERT INTO coord_row SELECT g, g, 'before the migration' FROM generate_series(1, 3000) g");
            BridgeFixture.forgetUnits(st, UNIT);
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_backfill') IS NOT NULL THEN DELETE FROM shardbridge_backfill WHERE unit_name = 'coord'; "
                    + "END IF; IF to_regclass('shardbridge_verification') IS NOT NULL THEN DELETE FROM shardbridge_verification WHERE unit_name = 'coord'; "
                    + "END IF; IF to_regclass('shardbridge_intent') IS NOT NULL THEN DELETE FROM shardbridge_intent WHERE unit_name = 'coord'; END IF; END $$");
        }
        try (var pools = io.shardbridge.pool.ShardPools.open(config.target())) {
            for (var shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS coord_row_0");
                    st.execute("DROP TABLE IF EXISTS coord_row_1");
                    st.execute("DO $$ BEGIN IF to_regclass('shardbridge_intent') IS NOT NULL THEN DELETE FROM shardbridge_intent "
                            + "WHERE unit_name = 'coord'; END IF; END $$");
                }
            }
            try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
                new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "coord_row")));
            }
        }
    }

    /** One instance: heartbeat every 50 ms, dead after 2 s without one. */
    static BridgeDataSource instance(String name) {
        return BridgeDataSource.builder(config()).meterRegistry(new SimpleMeterRegistry()).instanceId(name)
                .controlTiming(Duration.ofMillis(50), Duration.ofSeconds(2)).repair(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .outsideWriteCatchUp(false).open();
    }
}
