package io.shardbridge.bridge.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §5 under failure: the mirror breaks between the authoritative commit and the mirror commit,
 * or disappears for seconds under load. The callers' work must stay committed, nothing may be lost
 * once the repairer has run, and with policy {@code fail} the caller's transaction rolls back instead.
 */
abstract class MirrorFaultContract {
    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    void setUp(String unit, MigrationPhase phase, String table) throws SQLException {
        fixture = BridgeFixture.get(dialect());
        ds = fixture.dataSource();
        fixture.reset(unit, MigrationPhase.LEGACY_ONLY, table);
        fixture.walk(unit, phase);
    }

    @AfterEach
    void healMirror() {
        if (fixture != null) {
            fixture.faults().reset();
        }
    }

    @Test
    void aMirrorLostBeforeItsCommitLosesNothingOnceTheRepairerHasRun() throws SQLException {
        setUp("fault", MigrationPhase.DUAL_WRITE, "fault_row");
        lostCommitsThenRepair(0);
    }

    @Test
    void theSameWhenTheTargetIsAuthoritativeAndLegacyIsTheMirror() throws SQLException {
        setUp("fault", MigrationPhase.DUAL_WRITE, "fault_row");
        fixture.walk("fault", MigrationPhase.LIVE);
        lostCommitsThenRepair(1000);
    }

    private void lostCommitsThenRepair(long idBase) throws SQLException {
        for (int i = 1; i <= 6; i++) {
            write("INSERT INTO fault_row (id, user_id, val) VALUES (?, ?, ?)", idBase + i, i, i);
        }
        fixture.faults().failNextCommits(2);
        write("UPDATE fault_row SET val = val + 100 WHERE id = ?", idBase + 1);
        write("DELETE FROM fault_row WHERE id = ?", idBase + 2);
        write("INSERT INTO fault_row (id, user_id, val) VALUES (?, ?, ?)", idBase + 7, 7, 7);
        ds.bridge().awaitMirrored();
        assertThat(fixture.faults().commitsFailed()).isEqualTo(2);
        assertThat(fixture.targetRows("fault_row")).isNotEqualTo(fixture.legacyRows("fault_row"));
        assertThat(ds.bridge().pendingIntents("fault")).isEqualTo(2);
        assertThat(ds.bridge().drainIntents("fault")).isEqualTo(2);
        assertThat(ds.bridge().pendingIntents("fault")).isZero();
        assertThat(fixture.legacyRows("fault_row")).hasSize(6);
        assertThat(fixture.targetRows("fault_row")).containsExactlyElementsOf(fixture.legacyRows("fault_row"));
        assertThat(failures("commit")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aMirrorOutageOfSeveralSecondsUnderLoadKeepsCallersWorkAndConverges() throws Exception {
        setUp("fault", MigrationPhase.DUAL_WRITE, "fault_row");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong nextId = new AtomicLong(1);
        AtomicInteger callerErrors = new AtomicInteger();
        AtomicInteger committed = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            running.add(writers.submit(() -> {
                while (!stop.get()) {
                    long id = nextId.getAndIncrement();
                    try {
                        write("INSERT INTO fault_row (id, user_id, val) VALUES (?, ?, ?)", id, id % 17, id);
                        write("UPDATE fault_row SET val = val + 1 WHERE id = ?", Math.max(1, id - 3));
                        committed.addAndGet(2);
                    } catch (SQLException e) {
                        callerErrors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(500);
        fixture.faults().outage(true);
        long outageStarted = System.nanoTime();
        Thread.sleep(3000);
        fixture.faults().outage(false);
        long outageMillis = (System.nanoTime() - outageStarted) / 1_000_000;
        Thread.sleep(800); // the breaker's trial call closes it again
        stop.set(true);
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        writers.shutdown();
        assertThat(outageMillis).isGreaterThanOrEqualTo(3000);
        assertThat(callerErrors.get()).as("caller errors during the mirror outage").isZero();
        assertThat(committed.get()).isGreaterThan(50);
        assertThat(failures("skipped")).as("writes that skipped the open circuit").isPositive();
        ds.bridge().drainIntents("fault");
        assertThat(ds.bridge().pendingIntents("fault")).isZero();
        List<String> legacy = fixture.legacyRows("fault_row");
        assertThat(legacy).hasSize((int) (nextId.get() - 1));
        assertThat(fixture.targetRows("fault_row")).containsExactlyElementsOf(legacy);
    }

    @Test
    void policyFailRollsTheCallersTransactionBackWhenTheMirrorFails() throws SQLException {
        setUp("strict", MigrationPhase.DUAL_WRITE, "strict_row");
        write("INSERT INTO strict_row (id, user_id, val) VALUES (?, ?, ?)", 1, 1, 1);
        ds.bridge().awaitMirrored(); // its mirror commit runs after the caller returns
        fixture.faults().outage(true);
        assertThatThrownBy(() -> write("INSERT INTO strict_row (id, user_id, val) VALUES (?, ?, ?)", 2, 2, 2))
                .isInstanceOf(SQLException.class).hasMessageContaining("mirror-failure is 'fail'")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
        fixture.faults().outage(false);
        assertThat(fixture.legacyRows("strict_row")).hasSize(1);
        assertThat(fixture.targetRows("strict_row")).containsExactlyElementsOf(fixture.legacyRows("strict_row"));
    }

    private double failures(String stage) {
        var c = fixture.registry().find("shardbridge.mirror.failures").tag("unit", "fault").tag("stage", stage).counter();
        return c == null ? 0 : c.count();
    }

    private void write(String sql, long... values) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setLong(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }
}
