package io.shardbridge.bridge.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §6 against real databases: rows that existed before DUAL_WRITE reach the target in keyset
 * chunks (a two-column key here), a killed backfill resumes with no gap and no duplicate, and a backfill
 * running under dual-write load ends, once the intents are drained, with both sides equal row by row.
 */
abstract class BackfillContract {
    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = BridgeFixture.get(dialect());
        ds = fixture.dataSource();
        fixture.reset("fill", MigrationPhase.LEGACY_ONLY, "fill_row");
    }

    /** Rows written straight to legacy, before the migration layer mirrors anything. */
    private void seedLegacy(int accounts, int perAccount) throws SQLException {
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("INSERT INTO fill_row (acct_id, seq, amount, memo, booked_at) SELECT a, s, (a * 7 + s) / 100.0, "
                    + "CASE WHEN s % 3 = 0 THEN NULL ELSE 'memo ' || a || '/' || s || ' 卡' END, "
                    + "timestamptz '2026-03-29 00:30:00+00' + (a * interval '1 minute') + (s * interval '1.000001 second') "
                    + "FROM generate_series(1, " + accounts + ") a, generate_series(1, " + perAccount + ") s");
        }
    }

    @Test
    void refusesToStartBelowDualWrite() {
        assertThatThrownBy(() -> ds.bridge().backfill("fill").run(p -> { }))
                .isInstanceOf(SQLException.class).hasMessageContaining("LEGACY_ONLY").hasMessageContaining("DUAL_WRITE")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
    }

    @Test
    void aKilledBackfillResumesWithNoGapAndNoDuplicate() throws SQLException {
        seedLegacy(250, 20); // 5,000 rows
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        AtomicInteger chunks = new AtomicInteger();
        List<Backfill.Progress> seen = new ArrayList<>();
        assertThatThrownBy(() -> ds.bridge().backfill("fill").initialChunk(500).run(p -> {
            seen.add(p);
            if (chunks.incrementAndGet() == 3) {
                throw new IllegalStateException("killed");
            }
        })).isInstanceOf(SQLException.class).hasMessageContaining("resume");
        assertThat(seen).hasSize(3);
        long beforeKill = seen.get(2).rowsCopied(); // chunks grow while they stay under the time target
        assertThat(beforeKill).isBetween(1500L, 4999L);
        assertThat(seen.get(2).rowsEstimated()).isGreaterThanOrEqualTo(beforeKill);
        assertThat(fixture.targetRows("fill_row")).hasSize((int) beforeKill);

        Backfill.Result resumed = ds.bridge().backfill("fill").initialChunk(500).run(p -> { });
        assertThat(resumed.rowsCopied()).as("only the rows after the last checkpoint").isEqualTo(5000 - beforeKill);
        List<String> legacy = fixture.legacyRows("fill_row");
        assertThat(legacy).hasSize(5000);
        assertThat(fixture.targetRows("fill_row")).containsExactlyElementsOf(legacy);
        assertThat(ds.bridge().backfill("fill").run(p -> { }).rowsCopied()).as("a finished backfill does not run again").isZero();
        assertThat(ds.bridge().backfill("fill").restart(true).initialChunk(2000).run(p -> { }).rowsCopied()).isEqualTo(5000);
    }

    @Test
    void aBackfillStopsCleanlyWhenThePhaseMovesUnderIt() throws SQLException {
        seedLegacy(100, 10);
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        AtomicInteger chunks = new AtomicInteger();
        assertThatThrownBy(() -> ds.bridge().backfill("fill").initialChunk(100).chunkTarget(java.time.Duration.ofMillis(1)).run(p -> {
            if (chunks.incrementAndGet() == 2) {
                ds.bridge().moveTo("fill", MigrationPhase.LEGACY_ONLY); // between two chunks: the move does not wait for the backfill
            }
        })).isInstanceOf(SQLException.class).hasMessageContaining("moved to LEGACY_ONLY").hasMessageContaining("progress is saved");
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        ds.bridge().backfill("fill").run(p -> { });
        assertThat(fixture.targetRows("fill_row")).containsExactlyElementsOf(fixture.legacyRows("fill_row"));
    }

    @Test
    void aBackfillUnderDualWriteLoadEndsWithBothSidesEqual() throws Exception {
        seedLegacy(200, 15); // 3,000 rows
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random random = new Random(4242 + t);
            writers.add(pool.submit(() -> {
                while (!stop.get()) {
                    long acct = 1 + random.nextInt(220);
                    int seq = 1 + random.nextInt(18);
                    int kind = random.nextInt(10);
                    String sql = kind < 5 ? "UPDATE fill_row SET amount = amount + 1, memo = ? WHERE acct_id = ? AND seq = ?"
                            : kind < 8 ? "INSERT INTO fill_row (acct_id, seq, amount, memo) VALUES (?, ?, 1, ?)"
                            : "DELETE FROM fill_row WHERE acct_id = ? AND seq = ?";
                    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                        if (kind < 5) {
                            ps.setString(1, "w" + random.nextInt(1000));
                            ps.setLong(2, acct);
                            ps.setInt(3, seq);
                        } else if (kind < 8) {
                            ps.setLong(1, acct);
                            ps.setInt(2, seq);
                            ps.setString(3, "new");
                        } else {
                            ps.setLong(1, acct);
                            ps.setInt(2, seq);
                        }
                        ps.executeUpdate();
                        writes.incrementAndGet();
                    } catch (SQLException e) {
                        // a duplicate key: the row already exists
                    }
                }
                return null;
            }));
        }
        Thread.sleep(300);
        // small chunks with a short time target: many chunks, each overlapping the writers
        Backfill.Result result = ds.bridge().backfill("fill").initialChunk(50).chunkTarget(java.time.Duration.ofMillis(15)).run(p -> { });
        Thread.sleep(300);
        stop.set(true);
        for (Future<?> f : writers) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        ds.bridge().drainIntents("fill");
        assertThat(writes.get()).isGreaterThan(20);
        assertThat(result.rowsCopied()).isPositive();
        List<String> legacy = fixture.legacyRows("fill_row");
        assertThat(fixture.targetRows("fill_row")).containsExactlyElementsOf(legacy);
    }

    /**
     * Two backfills of one unit at once (as from two processes: separate objects, separate worker ids),
     * each with three threads, share the table's ranges by lease: every row arrives, each run copies a
     * share, and together they copy each row once.
     */
    @Test
    void workersInTwoProcessesShareTheRangesByLease() throws Exception {
        seedLegacy(300, 20); // 6,000 rows
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Backfill.Result> one = pool.submit(() -> ds.bridge().backfill("fill").workers(3).ranges(12).initialChunk(100)
                .chunkTarget(java.time.Duration.ofMillis(20)).run(p -> { }));
        Future<Backfill.Result> two = pool.submit(() -> ds.bridge().backfill("fill").workers(3).ranges(12).initialChunk(100)
                .chunkTarget(java.time.Duration.ofMillis(20)).run(p -> { }));
        Backfill.Result a = one.get(60, TimeUnit.SECONDS);
        Backfill.Result b = two.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(a.rowsCopied() + b.rowsCopied()).as("each row copied once").isEqualTo(6000);
        assertThat(fixture.targetRows("fill_row")).containsExactlyElementsOf(fixture.legacyRows("fill_row"));
        assertThat(ranges()).hasSize(12).allSatisfy(r -> assertThat(r).endsWith("|t"));
    }

    /** A worker that died holding a range: the others finish the rest; once its lease runs out a later run takes the range over. */
    @Test
    void aRangeHeldByADeadWorkerIsTakenOverWhenItsLeaseRunsOut() throws SQLException {
        seedLegacy(100, 20); // 2,000 rows
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        assertThatThrownBy(() -> ds.bridge().backfill("fill").ranges(4).initialChunk(100).run(p -> {
            throw new IllegalStateException("stopped after one chunk");
        })).isInstanceOf(SQLException.class);
        assertThat(ranges()).hasSize(4);
        try (Connection c = fixture.controlConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE shardbridge_backfill SET lease_owner = 'dead-worker', lease_until = now() + interval '1 hour' "
                    + "WHERE unit_name = 'fill' AND range_no = 2");
        }
        Backfill.Result partial = ds.bridge().backfill("fill").initialChunk(100).run(p -> { });
        assertThat(partial.complete()).isFalse();
        assertThat(partial.unfinishedTables()).containsExactly("fill_row");
        assertThat(fixture.targetRows("fill_row").size()).isBetween(1000, 1999);
        assertThat(ranges().get(2)).endsWith("|0|f");

        try (Connection c = fixture.controlConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE shardbridge_backfill SET lease_until = now() - interval '1 second' WHERE unit_name = 'fill' AND range_no = 2");
        }
        Backfill.Result rest = ds.bridge().backfill("fill").initialChunk(100).run(p -> { });
        assertThat(rest.complete()).isTrue();
        assertThat(rest.rowsCopied()).isEqualTo(Long.parseLong(ranges().get(2).split("\\|")[1]));
        assertThat(fixture.targetRows("fill_row")).containsExactlyElementsOf(fixture.legacyRows("fill_row"));
    }

    private List<String> ranges() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = fixture.controlConnection(); Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT range_no, rows_copied, done FROM shardbridge_backfill WHERE unit_name = 'fill' ORDER BY range_no")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + rs.getLong(2) + "|" + (rs.getBoolean(3) ? "t" : "f"));
            }
        }
        return out;
    }

    /** While the service's writes are slow the backfill pauses between chunks, and still finishes. */
    @Test
    void aBackfillPausesWhileTheServiceIsSlow() throws SQLException {
        seedLegacy(20, 10);
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        List<Backfill.Progress> seen = new ArrayList<>();
        Backfill.Result result = ds.bridge().backfill("fill").initialChunk(50).chunkTarget(java.time.Duration.ofMillis(40))
                .latencyBackoff(2.0, java.time.Duration.ofMillis(100))
                .latencySignal(() -> asked.incrementAndGet() <= 2 ? 4.0 : 1.0) // slow for two chunks, then recovered
                .run(seen::add);
        assertThat(result.rowsCopied()).isEqualTo(200);
        assertThat(seen.get(seen.size() - 1).throttled()).isBetween(java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(1000));
        assertThat(fixture.registry().find("shardbridge.backfill.throttled.seconds").tag("unit", "fill").counter().count()).isGreaterThanOrEqualTo(0.2);
    }
}
