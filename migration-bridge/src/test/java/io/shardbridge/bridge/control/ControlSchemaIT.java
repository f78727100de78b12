package io.shardbridge.bridge.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The control store's schema step ({@link ControlSchema}) against PostgreSQL, each case in a schema of its own:
 * a store created by the previous releases (the tables each of them created, lazily, one class at a time, and a
 * 0.1.0 backfill table without key ranges) is accepted at its version and completed into exactly the store a
 * fresh start creates, rows kept; instances starting at once all succeed; a newer version is refused.
 */
class ControlSchemaIT {
    /** What the previous releases left: ControlStore's versioned step, then each table as its class created it. */
    private static final List<String> PREVIOUS = List.of(
            "CREATE TABLE shardbridge_control_version (version integer NOT NULL, upgraded_at timestamptz NOT NULL DEFAULT now())",
            "INSERT INTO shardbridge_control_version (version) VALUES (1)",
            "CREATE TABLE shardbridge_unit (unit_name varchar(200) PRIMARY KEY, phase varchar(16) NOT NULL, "
                    + "epoch bigint NOT NULL, fence_phase varchar(16), fence_epoch bigint, fence_deadline timestamptz, "
                    + "target_mirroring_since timestamptz, legacy_mirroring_since timestamptz, updated_at timestamptz NOT NULL DEFAULT now())",
            "CREATE TABLE shardbridge_instance (instance_id varchar(200) NOT NULL, unit_name varchar(200) NOT NULL, "
                    + "observed_phase varchar(16) NOT NULL, observed_epoch bigint NOT NULL, fenced_epoch bigint NOT NULL DEFAULT 0, "
                    + "host varchar(200), started_at timestamptz NOT NULL DEFAULT now(), last_seen timestamptz NOT NULL DEFAULT now(), "
                    + "PRIMARY KEY (instance_id, unit_name))",
            "CREATE TABLE shardbridge_service_latency (instance_id varchar(200) NOT NULL, "
                    + "unit_name varchar(200) NOT NULL, ratio double precision, current_us bigint, baseline_us bigint, "
                    + "published_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (instance_id, unit_name))",
            "CREATE TABLE shardbridge_phase_history (id bigserial PRIMARY KEY, unit_name varchar(200) NOT NULL, "
                    + "from_phase varchar(16) NOT NULL, to_phase varchar(16) NOT NULL, epoch bigint NOT NULL, moved_at timestamptz NOT NULL DEFAULT now(), "
                    + "took_ms bigint NOT NULL, instance_id varchar(200))",
            "CREATE TABLE shardbridge_census (unit_name varchar(200) NOT NULL, shape_hash varchar(64) NOT NULL, "
                    + "shape text NOT NULL, kind varchar(24) NOT NULL, route varchar(16) NOT NULL, route_reason text, findings text, "
                    + "executions bigint NOT NULL, first_seen timestamptz NOT NULL, last_seen timestamptz NOT NULL, PRIMARY KEY (unit_name, shape_hash))",
            "CREATE TABLE shardbridge_verification (id bigserial PRIMARY KEY, unit_name varchar(200) NOT NULL, "
                    + "finished_at timestamptz NOT NULL DEFAULT now(), rows_compared bigint NOT NULL, differences integer NOT NULL, "
                    + "settled bigint NOT NULL, took_ms bigint NOT NULL, report text NOT NULL)",
            "CREATE INDEX shardbridge_verification_unit ON shardbridge_verification (unit_name, id)",
            // 0.1.0's backfill checkpoints: one row per table and direction, no key ranges
            "CREATE TABLE shardbridge_backfill (unit_name varchar(200) NOT NULL, table_name varchar(200) NOT NULL, "
                    + "direction varchar(16) NOT NULL, last_key text, rows_copied bigint NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false, "
                    + "started_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), "
                    + "PRIMARY KEY (unit_name, table_name, direction))",
            "INSERT INTO shardbridge_unit (unit_name, phase, epoch) VALUES ('old', 'DUAL_WRITE', 3)",
            "INSERT INTO shardbridge_backfill (unit_name, table_name, direction, last_key, rows_copied, done) "
                    + "VALUES ('old', 'card', 'TARGET', 'id=99', 99, true)");

    @Test
    void aStoreOfThePreviousReleasesIsAcceptedAndCompletedIntoWhatAFreshStartCreates() throws Exception {
        DataSource fresh = schema("sb_control_fresh");
        ControlSchema.apply(fresh);
        DataSource previous = schema("sb_control_previous");
        try (Connection c = previous.getConnection(); Statement st = c.createStatement()) {
            for (String sql : PREVIOUS) {
                st.execute(sql);
            }
        }
        ControlSchema.apply(previous);

        assertThat(shape("sb_control_previous")).isEqualTo(shape("sb_control_fresh"));
        assertThat(shape("sb_control_fresh")).containsKeys("shardbridge_unit", "shardbridge_phase_flag", "shardbridge_readiness_accept",
                "shardbridge_catchup", "shardbridge_outside_write", "shardbridge_backfill", "shardbridge_verify_range", "shardbridge_verification",
                "shardbridge_key_sequence", "shardbridge_service_latency");
        assertThat(versions(previous)).containsExactly(1); // an instance of the previous release still joins
        assertThat(new ControlStore(previous).unit("old").orElseThrow().epoch()).isEqualTo(3);
        Map<String, BackfillRecords.Table> backfills = new BackfillRecords(previous).into("old", Side.TARGET);
        assertThat(backfills.get("card").done()).isTrue(); // the 0.1.0 row became range 0, the whole key space
        try (Connection c = previous.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT range_no, range_start, range_end, last_key FROM shardbridge_backfill WHERE unit_name = 'old'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
            assertThat(rs.getString(2)).isNull();
            assertThat(rs.getString(3)).isNull();
            assertThat(rs.getString(4)).isEqualTo("id=99");
        }

        ControlSchema.apply(previous); // again: nothing left to do
        assertThat(shape("sb_control_previous")).isEqualTo(shape("sb_control_fresh"));
        assertThat(versions(previous)).containsExactly(1);
        new ControlStore(previous).createUnit("new", MigrationPhase.LEGACY_ONLY);
        new PhaseHistory(previous).record(new PhaseHistory.Move("new", MigrationPhase.LEGACY_ONLY, MigrationPhase.DUAL_WRITE, 2,
                java.time.Instant.now(), 1, "i"));
        new Acceptances(previous).accept("new", "trigger", "test");
        assertThat(new Acceptances(previous).acceptance("new", "trigger")).startsWith("by test at ");
    }

    @Test
    void instancesStartingAtOnceAllCreateTheSameStoreOnce() throws Exception {
        DataSource control = schema("sb_control_race");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                    ControlSchema.apply(control);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        assertThat(versions(control)).containsExactly(ControlSchema.VERSION);
        DataSource fresh = schema("sb_control_fresh_once");
        ControlSchema.apply(fresh);
        assertThat(shape("sb_control_race")).isEqualTo(shape("sb_control_fresh_once"));
    }

    @Test
    void aNewerVersionIsRefusedAndLeftAsItIs() throws Exception {
        DataSource control = schema("sb_control_newer");
        try (Connection c = control.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE shardbridge_control_version (version integer NOT NULL, upgraded_at timestamptz NOT NULL DEFAULT now())");
            st.execute("INSERT INTO shardbridge_control_version (version) VALUES (" + (ControlSchema.VERSION + 1) + ")");
        }
        assertThatThrownBy(() -> ControlSchema.apply(control)).isInstanceOf(ShardbridgeException.class)
                .hasMessageContaining("version " + (ControlSchema.VERSION + 1)).hasMessageContaining("upgrade shardbridge on this instance");
        assertThat(shape("sb_control_newer")).containsOnlyKeys("shardbridge_control_version");
    }

    /** A DataSource on a new, empty schema of the test's control database. */
    private static DataSource schema(String name) throws SQLException {
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            st.execute("CREATE SCHEMA " + name);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestDatabases.postgresUrl(TestDatabases.LEGACY));
        ds.setUser(TestDatabases.postgres().user());
        ds.setPassword(TestDatabases.postgres().password());
        ds.setCurrentSchema(name);
        return ds;
    }

    /** Every table of a schema: its columns (name, type, nullability, default) in order, its primary key and its indexes. */
    private static Map<String, List<String>> shape(String schema) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, "
                    + "column_default FROM information_schema.columns WHERE table_schema = '" + schema + "' ORDER BY table_name, column_name")) {
                while (rs.next()) {
                    String type = rs.getString(3) + (rs.getObject(4) == null ? "" : "(" + rs.getInt(4) + ")");
                    String defaultValue = rs.getString(6) == null ? null : rs.getString(6).replace(schema + ".", "");
                    out.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(rs.getString(2) + " " + type + " " + rs.getString(5) + " " + defaultValue);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT tablename, indexname, replace(indexdef, '" + schema + ".', '') FROM pg_indexes "
                    + "WHERE schemaname = '" + schema + "' ORDER BY tablename, indexname")) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2) + ": " + rs.getString(3));
                }
            }
        }
        return out;
    }

    private static List<Integer> versions(DataSource control) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Connection c = control.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM shardbridge_control_version ORDER BY version")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }
}
