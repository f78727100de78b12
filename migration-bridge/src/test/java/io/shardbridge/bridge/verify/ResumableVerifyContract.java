package io.shardbridge.bridge.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A verification pass is checkpointed per key range in the control store (DESIGN §12): killed mid-way,
 * the next run resumes after the last compared key with the suspects already found, and reads no
 * finished range again (a difference planted in one after the kill is not seen; {@code restart} sees
 * it); processes share a pass's ranges by lease.
 */
abstract class ResumableVerifyContract {
    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = BridgeFixture.get(dialect());
        ds = fixture.dataSource();
        fixture.reset("fill", MigrationPhase.LEGACY_ONLY, "fill_row");
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("INSERT INTO fill_row (acct_id, seq, amount, memo, booked_at) SELECT a, s, (a * 7 + s) / 100.0, 'memo ' || a, "
                    + "timestamptz '2026-03-29 00:30:00+00' + a * interval '1 minute' FROM generate_series(1, 200) a, generate_series(1, 10) s");
            st.execute("ANALYZE fill_row"); // the row estimate the ranges are planned from
        }
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        ds.bridge().backfill("fill").restart(true).run(p -> { });
        try (Connection c = fixture.controlConnection(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_verify_range') IS NOT NULL THEN "
                    + "DELETE FROM shardbridge_verify_range WHERE unit_name = 'fill'; END IF; END $$");
        }
    }

    private static List<String> described(VerifyReport report) {
        return report.differences().stream().map(d -> d.kind() + " " + d.key().values() + " " + d.columns()).toList();
    }

    @Test
    void aKilledPassResumesAfterTheLastComparedKeyWithTheSuspectsItFound() throws SQLException {
        plant("UPDATE %s SET memo = 'before the kill' WHERE acct_id = 3 AND seq = 3", 3);
        AtomicInteger chunks = new AtomicInteger();
        assertThatThrownBy(() -> ds.bridge().verifier("fill").chunkRows(100).rangesInFlight(1).recheckAfter(Duration.ZERO).onProgress(p -> {
            if (chunks.incrementAndGet() == 5) {
                throw new IllegalStateException("killed");
            }
        }).run()).hasMessageContaining("killed");
        assertThat(saved()).as("compared up to (50, 10) after five ranges of 100 rows").containsExactly("0|500|f|acct_id=50&seq=10");

        plant("UPDATE %s SET memo = 'in a finished range' WHERE acct_id = 20 AND seq = 1", 20); // behind the checkpoint: not read again
        plant("UPDATE %s SET memo = 'ahead' WHERE acct_id = 150 AND seq = 2", 150);
        List<VerifyReport.Difference> seen = new java.util.ArrayList<>();
        AtomicInteger resumedChunks = new AtomicInteger();
        VerifyReport resumed = ds.bridge().verifier("fill").chunkRows(100).rangesInFlight(1).recheckAfter(Duration.ZERO)
                .onProgress(p -> resumedChunks.incrementAndGet()).run();
        assertThat(described(resumed)).containsExactlyInAnyOrder("DIFFERENT [3, 3] [memo]", "DIFFERENT [150, 2] [memo]");
        assertThat(resumed.rowsCompared()).containsEntry("fill_row", 2000L);
        assertThat(resumedChunks.get()).as("the 15 ranges of 100 rows after the checkpoint, and the empty one after the last key").isEqualTo(16);

        VerifyReport fresh = ds.bridge().verifier("fill").chunkRows(100).recheckAfter(Duration.ZERO).run();
        assertThat(described(fresh)).as("a finished pass is not resumed: the next run starts a new one")
                .containsExactlyInAnyOrder("DIFFERENT [3, 3] [memo]", "DIFFERENT [20, 1] [memo]", "DIFFERENT [150, 2] [memo]");
    }

    @Test
    void restartStartsAFreshPass() throws SQLException {
        AtomicInteger chunks = new AtomicInteger();
        assertThatThrownBy(() -> ds.bridge().verifier("fill").chunkRows(100).rangesInFlight(1).onProgress(p -> {
            if (chunks.incrementAndGet() == 3) {
                throw new IllegalStateException("killed");
            }
        }).run()).hasMessageContaining("killed");
        plant("DELETE FROM %s WHERE acct_id = 2 AND seq = 2", 2);
        VerifyReport fresh = ds.bridge().verifier("fill").chunkRows(100).restart(true).recheckAfter(Duration.ZERO).run();
        assertThat(described(fresh)).containsExactly("MISSING [2, 2] []");
        assertThat(fresh.rowsCompared()).containsEntry("fill_row", 2000L);
    }

    /** A side that begins receiving writes anew (back to LEGACY_ONLY and forward again) discards a half-done pass. */
    @Test
    void aPassIsNotResumedAcrossARestartOfMirroring() throws SQLException {
        AtomicInteger chunks = new AtomicInteger();
        assertThatThrownBy(() -> ds.bridge().verifier("fill").chunkRows(100).rangesInFlight(1).onProgress(p -> {
            if (chunks.incrementAndGet() == 5) {
                throw new IllegalStateException("killed");
            }
        }).run()).hasMessageContaining("killed");
        assertThat(saved()).hasSize(1);
        fixture.walk("fill", MigrationPhase.LEGACY_ONLY);
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        assertThat(saved()).isEmpty();
        plant("UPDATE %s SET memo = 'behind the old checkpoint' WHERE acct_id = 4 AND seq = 4", 4);
        VerifyReport report = ds.bridge().verifier("fill").chunkRows(100).recheckAfter(Duration.ZERO).run();
        assertThat(described(report)).containsExactly("DIFFERENT [4, 4] [memo]");
    }

    /** Two verifications at once (as from two hosts) share one pass's ranges and both report the whole table. */
    @Test
    void twoProcessesShareThePassByLease() throws Exception {
        plant("UPDATE %s SET amount = amount + 1 WHERE acct_id = 77 AND seq = 7", 77);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicInteger walkedOne = new AtomicInteger();
        AtomicInteger walkedTwo = new AtomicInteger();
        Future<VerifyReport> one = pool.submit(() -> ds.bridge().verifier("fill").ranges(8).chunkRows(50).recheckAfter(Duration.ZERO)
                .onProgress(p -> walkedOne.incrementAndGet()).run());
        Future<VerifyReport> two = pool.submit(() -> ds.bridge().verifier("fill").ranges(8).chunkRows(50).recheckAfter(Duration.ZERO)
                .onProgress(p -> walkedTwo.incrementAndGet()).run());
        VerifyReport a = one.get(60, TimeUnit.SECONDS);
        VerifyReport b = two.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        for (VerifyReport report : List.of(a, b)) {
            assertThat(described(report)).containsExactly("DIFFERENT [77, 7] [amount]");
            assertThat(report.rowsCompared()).containsEntry("fill_row", 2000L);
        }
        assertThat(walkedOne.get() + walkedTwo.get()).as("each 50-row chunk of the 2,000 rows walked once, by one of them").isBetween(40, 48);
        assertThat(saved()).hasSize(8).allSatisfy(r -> assertThat(r).contains("|t|"));
    }

    private List<String> saved() throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = fixture.controlConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT range_no, rows_compared, done, last_key FROM shardbridge_verify_range WHERE unit_name = 'fill' "
                     + "ORDER BY range_no")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + rs.getLong(2) + "|" + (rs.getBoolean(3) ? "t" : "f") + "|" + rs.getString(4));
            }
        }
        return out;
    }

    private void plant(String sql, long acctId) throws SQLException {
        PhysicalTable physical = fixture.layout("fill_row").locate(acctId);
        try (Connection c = fixture.shardConnection(physical.shard()); Statement st = c.createStatement()) {
            st.executeUpdate(sql.formatted(physical.table()));
        }
    }
}
