package io.shardbridge.bridge.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue #5 against real databases: three instances of a service (three DataSources in one JVM, each
 * with its own pools, agent and instance id) write continuously while one of them walks the unit
 * LEGACY_ONLY → … → TARGET_ONLY and back, with backfills and verifications where DESIGN §4 demands
 * them, and a third instance crashes in the middle of the first authority flip. The survivors never
 * see a failed write; after the walk both sides are equal row by row.
 */
class CoordinatedPhasesIT {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong slowestWriteNanos = new AtomicLong();

    @Test
    void threeInstancesWalkTheWholeWayAndBackWithOneCrashingMidFlip() throws Exception {
        CoordinatedCluster.reset();
        try (BridgeDataSource a = CoordinatedCluster.instance("a"); BridgeDataSource b = CoordinatedCluster.instance("b");
             BridgeDataSource c = CoordinatedCluster.instance("c")) {
            a.bridge().forgetReadiness(CoordinatedCluster.UNIT); // acceptances outlive a run in the control store
            AtomicInteger crashedInstanceRefusals = new AtomicInteger();
            AtomicInteger writes = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            writers.add(writer(a, 1, writes, null));
            writers.add(writer(b, 2, writes, null));
            writers.add(writer(c, 3, writes, crashedInstanceRefusals));
            writers.forEach(Thread::start);

            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.DUAL_WRITE);
            assertThat(List.of(b, c)).allSatisfy(i -> assertThat(i.bridge().phase(CoordinatedCluster.UNIT)).isEqualTo(MigrationPhase.DUAL_WRITE));
            // SHADOW reads the target: refused until it is backfilled and verified
            assertThatThrownBy(() -> a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.SHADOW)).hasMessageContaining("no finished backfill");
            b.bridge().backfill(CoordinatedCluster.UNIT).workers(2).run(p -> { });
            assertThatThrownBy(() -> a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.SHADOW)).hasMessageContaining("not verified since");
            verifyUntilEqual(a);
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.SHADOW);

            // the authority flip, with instance c crashing as soon as the fence opens
            AtomicBoolean crashed = new AtomicBoolean();
            slowestWriteNanos.set(0);
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.LIVE, p -> {
                if (p.stage().equals("fencing") && crashed.compareAndSet(false, true)) {
                    c.bridge().controlPlane().crash();
                }
            });
            long flipPause = slowestWriteNanos.get();
            assertThat(a.bridge().phase(CoordinatedCluster.UNIT)).isEqualTo(MigrationPhase.LIVE);
            assertThat(b.bridge().phase(CoordinatedCluster.UNIT)).isEqualTo(MigrationPhase.LIVE);
            assertThat(c.bridge().phase(CoordinatedCluster.UNIT)).as("the crashed instance never saw the flip").isEqualTo(MigrationPhase.SHADOW);
            Thread.sleep(300);
            assertThat(crashedInstanceRefusals.get()).as("the crashed instance stopped taking transactions").isPositive();
            System.out.printf("flip with a crash: slowest write %d ms%n", flipPause / 1_000_000);

            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.RAMP_DOWN);
            // letting legacy go needs a clean verification since the unit entered RAMP_DOWN (the move drains intents, fenced)
            assertThatThrownBy(() -> a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.TARGET_ONLY))
                    .hasMessageContaining("no verification has finished since it entered RAMP_DOWN").hasMessageContaining("shardbridge verify");
            verifyUntilEqual(a);
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.TARGET_ONLY);
            assertThat(a.bridge().pendingIntents(CoordinatedCluster.UNIT)).isZero();
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.RAMP_DOWN);
            // the earlier verification does not count for a later stay in RAMP_DOWN; a recorded acceptance overrides
            assertThatThrownBy(() -> a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.TARGET_ONLY)).hasMessageContaining("--accept unverified-let-go");
            a.bridge().acceptReadiness(CoordinatedCluster.UNIT, LetGoGate.ACCEPTANCE, "test: legacy is dropped after this move");
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.TARGET_ONLY);
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.RAMP_DOWN); // legacy receives writes again: it must be filled in before LIVE
            assertThatThrownBy(() -> a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.LIVE)).hasMessageContaining("no finished backfill");
            a.bridge().backfill(CoordinatedCluster.UNIT).run(p -> { });
            verifyUntilEqual(a); // rows deleted on the target during TARGET_ONLY are extra on legacy: repaired
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.LIVE);
            slowestWriteNanos.set(0);
            b.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.SHADOW); // any instance may coordinate
            System.out.printf("flip back: slowest write %d ms%n", slowestWriteNanos.get() / 1_000_000);
            assertThat(a.bridge().phase(CoordinatedCluster.UNIT)).isEqualTo(MigrationPhase.SHADOW);
            a.bridge().moveTo(CoordinatedCluster.UNIT, MigrationPhase.DUAL_WRITE);

            stop.set(true);
            for (Thread t : writers) {
                t.join(10_000);
            }
            assertThat(failures).as("writes through the live instances").isEmpty();
            assertThat(writes.get()).isGreaterThan(200);
            a.bridge().drainIntents(CoordinatedCluster.UNIT);
            VerifyReport last = a.bridge().verifier(CoordinatedCluster.UNIT).recheckAfter(Duration.ZERO).run();
            assertThat(last.differences()).as(last.summary()).isEmpty();
            assertThat(rows(true)).isEqualTo(rows(false));
        }
    }

    /** Verifies, repairing what differs (rows changed while the target alone was written), until a verification is clean. */
    private static void verifyUntilEqual(BridgeDataSource ds) throws SQLException {
        for (int attempt = 0; attempt < 5; attempt++) {
            VerifyReport report = ds.bridge().verifier(CoordinatedCluster.UNIT).recheckAfter(Duration.ofMillis(300)).run();
            if (report.equal()) {
                return;
            }
            ds.bridge().repair(CoordinatedCluster.UNIT, report);
        }
        throw new AssertionError("no clean verification after five repairs");
    }

    /** Writes random upserts, updates and deletes through one instance until stopped. */
    private Thread writer(BridgeDataSource ds, long seed, AtomicInteger writes, AtomicInteger refusedAfterCrash) {
        return new Thread(() -> {
            Random random = new Random(seed);
            while (!stop.get()) {
                long id = 1 + random.nextInt(4000);
                int kind = random.nextInt(10);
                String sql = kind < 6 ? "UPDATE coord_row SET val = val + 1, note = ? WHERE id = ?"
                        : kind < 9 ? "INSERT INTO coord_row (id, val, note) VALUES (?, 0, ?) ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note"
                        : "DELETE FROM coord_row WHERE id = ?";
                long started = System.nanoTime();
                try (Connection conn = ds.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
                    if (kind < 6) {
                        ps.setString(1, "w" + seed);
                        ps.setLong(2, id);
                    } else if (kind < 9) {
                        ps.setLong(1, id);
                        ps.setString(2, "new " + seed);
                    } else {
                        ps.setLong(1, id);
                    }
                    ps.executeUpdate();
                    writes.incrementAndGet();
                    slowestWriteNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                } catch (SQLException e) {
                    if (refusedAfterCrash != null && "55000".equals(e.getSQLState())) {
                        refusedAfterCrash.incrementAndGet();
                        sleep(20);
                    } else if (refusedAfterCrash == null || refusedAfterCrash.get() == 0) {
                        failures.add(seed + ": " + e);
                    }
                }
                sleep(2);
            }
        }, "writer-" + seed);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> rows(boolean legacy) throws SQLException {
        List<String> out = new ArrayList<>();
        List<String[]> sources = legacy ? List.<String[]>of(new String[] {TestDatabases.LEGACY, "coord_row"})
                : List.of(new String[] {TestDatabases.PG_SHARD0, "coord_row_0"}, new String[] {TestDatabases.PG_SHARD0, "coord_row_1"},
                new String[] {TestDatabases.PG_SHARD1, "coord_row_0"}, new String[] {TestDatabases.PG_SHARD1, "coord_row_1"});
        for (String[] s : sources) {
            try (Connection c = TestDatabases.postgresConnection(s[0]); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, val, note FROM " + s[1])) {
                while (rs.next()) {
                    out.add(rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getString(3));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
