package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.jdbc.ShardbridgeDriver;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With migration-bridge on the class path, a {@code jdbc:shardbridge:} URL whose YAML has {@code legacy:}
 * opens the migration layer, and the {@code migrations:} flag decides the phase.
 */
class BridgeDriverIT {
    @Test
    void aShardbridgeUrlOpensTheMigrationLayerAtTheConfiguredPhase() throws Exception {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS drv_row; CREATE TABLE drv_row (id bigint PRIMARY KEY, user_id bigint NOT NULL, note text)");
            io.shardbridge.bridge.testing.BridgeFixture.forgetUnits(st, "drv"); // an earlier run's recorded phase
        }
        String base = TestTargets.yamlText(Dialect.POSTGRESQL);
        String yaml = base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    drv_row: { shard-key: user_id, tables-per-shard: 1, algorithm: mod }
                migrations:
                  drv: { tables: [drv_row], phase: %s, catch-up: false }
                """;
        var config = ShardbridgeConfigLoader.parse(yaml.formatted("DUAL_WRITE"), "driver-test.yaml");
        try (var pools = io.shardbridge.pool.ShardPools.open(config.target())) {
            for (var shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS drv_row_0");
                }
            }
            try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
                new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "drv_row")));
            }
        }
        Path file = Files.createTempFile("shardbridge-driver-", ".yaml");
        Files.writeString(file, yaml.formatted("DUAL_WRITE"));
        String url = "jdbc:shardbridge:file:" + file;
        try {
            try (Connection c = DriverManager.getConnection(url)) {
                assertThat(c.isWrapperFor(BridgeConnection.class)).isTrue();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO drv_row (id, user_id, note) VALUES (?, ?, ?)")) {
                    ps.setLong(1, 1);
                    ps.setLong(2, 7);
                    ps.setString(3, "through DriverManager");
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            BridgeDataSource ds = (BridgeDataSource) ShardbridgeDriver.dataSource(url);
            assertThat(ds.bridge().phase("drv")).isEqualTo(MigrationPhase.DUAL_WRITE);
            ds.bridge().awaitMirrored();
            try (Connection shard = TestDatabases.postgresConnection(TestDatabases.PG_SHARD1); Statement st = shard.createStatement();
                 ResultSet rs = st.executeQuery("SELECT note FROM drv_row_0 WHERE id = 1")) {
                assertThat(rs.next()).as("mirrored to shard ds1 (7 mod 2 = 1)").isTrue();
                assertThat(rs.getString(1)).isEqualTo("through DriverManager");
            }
            // the flag changes: SHADOW reads the target, so it waits for a backfill and a clean verification (DESIGN §4)
            var shadow = ShardbridgeConfigLoader.parse(yaml.formatted("SHADOW"), "driver-test.yaml");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ds.bridge().applyDesiredPhases(shadow))
                    .hasMessageContaining("cannot move DUAL_WRITE -> SHADOW").hasMessageContaining("shardbridge backfill");
            assertThat(ds.bridge().phase("drv")).isEqualTo(MigrationPhase.DUAL_WRITE);
            ds.bridge().backfill("drv").run(p -> { });
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ds.bridge().applyDesiredPhases(shadow)).hasMessageContaining("not verified since");
            assertThat(ds.bridge().verifier("drv").run().equal()).isTrue();
            ds.bridge().applyDesiredPhases(shadow);
            assertThat(ds.bridge().phase("drv")).isEqualTo(MigrationPhase.SHADOW);
        } finally {
            ShardbridgeDriver.close(url);
            Files.deleteIfExists(file);
        }
    }
}
