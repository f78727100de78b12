package io.shardbridge.bridge.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The readiness report and its gate (DESIGN §11, issue #22), with a second instance that has the gate on (the
 * fixture's own instance has it off): the census counts what the service really sends, classes each shape as
 * routing would run it from LIVE on, names for a MySQL target each shape it cannot run or would run with
 * another meaning (and no portable one), and the flip to LIVE waits until those shapes stop for the window
 * or an operator accepts them.
 */
abstract class ReadinessContract {
    static final String UNIT = "chaos";
    static final List<String> PORTABLE = List.of(
            "SELECT id, val FROM chaos_row WHERE id = ?",
            "UPDATE chaos_row SET note = CONCAT(note, '!'), val = val + 1 WHERE id = ?",
            "SELECT count(*) FROM chaos_row WHERE grp = ?",
            "SELECT id FROM chaos_row WHERE id IN (?, ?)");
    static final Map<String, String> POSTGRES_ONLY = Map.of(
            "UPDATE chaos_row SET note = note || '!' WHERE id = ?", "CONCAT",
            "SELECT id::text FROM chaos_row WHERE id = ?", "CAST",
            "SELECT id FROM chaos_row WHERE note ILIKE ?", "ILIKE",
            "SELECT DISTINCT ON (grp) id FROM chaos_row WHERE id = ? ORDER BY grp, id", "DISTINCT ON");

    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = BridgeFixture.get(dialect());
        fixture.reset(UNIT, MigrationPhase.LEGACY_ONLY, "chaos_row");
        ds = BridgeDataSource.builder(fixture.config()).meterRegistry(new SimpleMeterRegistry()).requireBackfillBeforeReads(false)
                .repair(Duration.ZERO, Duration.ZERO).censusWindow(Duration.ofSeconds(3)).instanceId("readiness-" + dialect())
                .outsideWriteCatchUp(false).open(); // leaves its unit mid-walk: no replication slot to keep WAL on the test server
        ds.bridge().forgetReadiness(UNIT);
        ds.bridge().moveTo(UNIT, MigrationPhase.DUAL_WRITE);
        ds.bridge().moveTo(UNIT, MigrationPhase.SHADOW);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO chaos_row (id, grp, val, note) VALUES (?, ?, ?, ?)")) {
            for (int id = 1; id <= 4; id++) {
                ps.setLong(1, id);
                ps.setInt(2, id % 2);
                ps.setLong(3, id);
                ps.setString(4, "n" + id);
                ps.executeUpdate();
            }
        }
    }

    @AfterEach
    void tearDown() throws SQLException {
        try {
            while (ds.bridge().phase(UNIT) != MigrationPhase.LEGACY_ONLY) {
                ds.bridge().moveTo(UNIT, ds.bridge().phase(UNIT).previous().orElseThrow());
            }
            ds.bridge().forgetReadiness(UNIT);
        } finally {
            ds.close();
        }
    }

    @Test
    void theReportNamesEachShapeTheTargetCannotRunAndTheFlipWaitsUntilTheyStop() throws Exception {
        for (String sql : PORTABLE) {
            run(sql);
        }
        for (String sql : POSTGRES_ONLY.keySet()) {
            run(sql);
        }
        Readiness report = ds.bridge().readiness(UNIT);
        List<Readiness.Finding> unportable = report.findings().stream().filter(f -> f.kind().equals("non-portable-sql")).toList();
        if (dialect() == Dialect.MYSQL) {
            assertThat(unportable).hasSize(POSTGRES_ONLY.size());
            for (Map.Entry<String, String> e : POSTGRES_ONLY.entrySet()) {
                assertThat(unportable).as(e.getKey()).anyMatch(f -> f.subject().equals(ShapeText.of(e.getKey())) && f.problem().contains(e.getValue()));
            }
            assertThatThrownBy(() -> ds.bridge().moveTo(UNIT, MigrationPhase.LIVE)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("non-portable-sql").hasMessageContaining("ILIKE").hasMessageContaining("--accept")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
            assertThat(ds.bridge().phase(UNIT)).isEqualTo(MigrationPhase.SHADOW);
            // the service stops sending them; portable traffic goes on past the window
            long until = System.nanoTime() + Duration.ofMillis(3_500).toNanos();
            while (System.nanoTime() < until) {
                run(PORTABLE.get(0));
                Thread.sleep(100);
            }
        } else {
            assertThat(unportable).as("a PostgreSQL target runs the service's SQL as it is").isEmpty();
        }
        assertThat(ds.bridge().readiness(UNIT).blockers()).isEmpty();
        ds.bridge().moveTo(UNIT, MigrationPhase.LIVE);
        assertThat(ds.bridge().phase(UNIT)).isEqualTo(MigrationPhase.LIVE);
    }

    @Test
    void theCensusClassesEachShapeAsRoutingRunsItAndAnAcceptanceIsRecorded() throws Exception {
        run("SELECT id, val FROM chaos_row WHERE id = ?");
        run("SELECT id, val FROM chaos_row WHERE id = 3");
        run("SELECT count(*) FROM chaos_row WHERE grp = ?");
        run("SELECT id FROM chaos_row WHERE id IN (?, ?)");
        run("SELECT c.id FROM chaos_row c JOIN bw_audit a ON a.audit_id = c.id WHERE c.id = ?");
        Readiness report = ds.bridge().readiness(UNIT);
        Map<String, Readiness.Shape> shapes = report.shapes().stream().collect(Collectors.toMap(Readiness.Shape::shape, s -> s));
        Readiness.Shape byKey = shapes.get(ShapeText.of("SELECT id, val FROM chaos_row WHERE id = ?"));
        assertThat(byKey.executions()).as("a literal and a marker are one shape").isEqualTo(2);
        assertThat(byKey.route()).isEqualTo("SINGLE_SHARD");
        assertThat(shapes.get(ShapeText.of("SELECT count(*) FROM chaos_row WHERE grp = ?")).route()).isEqualTo("ALL_SHARDS");
        assertThat(shapes.get(ShapeText.of("SELECT id FROM chaos_row WHERE id IN (?, ?)")).route()).isEqualTo("SOME_SHARDS");
        Readiness.Shape join = shapes.get(ShapeText.of("SELECT c.id FROM chaos_row c JOIN bw_audit a ON a.audit_id = c.id WHERE c.id = ?"));
        assertThat(join.route()).isEqualTo("REFUSED");
        assertThat(join.routeReason()).contains("bw_audit").contains("broadcast");
        assertThat(report.blockers()).anyMatch(f -> f.kind().equals("refused-shape"));
        assertThatThrownBy(() -> ds.bridge().moveTo(UNIT, MigrationPhase.LIVE)).hasMessageContaining("refused-shape").hasMessageContaining("bw_audit");

        ds.bridge().acceptReadiness(UNIT, "refused-shape", "alice");
        Readiness accepted = ds.bridge().readiness(UNIT);
        assertThat(accepted.accepted()).containsKey("refused-shape");
        assertThat(accepted.accepted().get("refused-shape")).contains("alice");
        assertThat(accepted.describe()).contains("ACCEPTED").contains("alice");
        if (dialect() == Dialect.POSTGRESQL) {
            ds.bridge().moveTo(UNIT, MigrationPhase.LIVE);
            assertThat(ds.bridge().phase(UNIT)).isEqualTo(MigrationPhase.LIVE);
        }
    }

    private void run(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                if (sql.contains("ILIKE")) {
                    ps.setString(i, "N%");
                } else {
                    ps.setLong(i, i);
                }
            }
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        }
    }
}
