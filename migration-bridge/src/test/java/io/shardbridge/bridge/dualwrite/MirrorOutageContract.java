package io.shardbridge.bridge.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.bridge.testing.FaultInjection;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, item 5: one mirror shard refuses connections for seconds while four writers insert, update
 * and delete (DUAL_WRITE). The instance must converge by itself once the shard is back — no operator,
 * no {@code drainIntents} — and {@code close()} must not leave the outage's intents behind on legacy
 * with the rows they describe missing (or deleted rows still present) on the target. Each test runs its
 * own instance with the production repair settings, next to the fixture's (which has background repair
 * off); the fault injection wraps that instance's mirror DataSources, one shard at a time.
 */
abstract class MirrorOutageContract {
    private static final String UNIT = "fault";
    private static final String DOWN = "ds1";
    /** Bounds, not timings: an instance that converges by itself does so well within them, one that does not never does. */
    private static final long CONVERGE_BOUND_MS = 60_000;

    BridgeFixture fixture;
    final FaultInjection faults = new FaultInjection();
    final List<BridgeDataSource> opened = new ArrayList<>();

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = BridgeFixture.get(dialect());
        fixture.reset(UNIT, MigrationPhase.DUAL_WRITE, "fault_row");
    }

    @AfterEach
    void tearDown() {
        faults.reset();
        opened.forEach(BridgeDataSource::close);
    }

    BridgeDataSource instance() {
        return instance(BridgeDataSource.builder(fixture.config()));
    }

    BridgeDataSource instance(BridgeDataSource.Builder builder) {
        BridgeDataSource ds = builder
                .meterRegistry(new SimpleMeterRegistry())
                .mirrorDatabaseWrapper(faults::wrap)
                .requireBackfillBeforeReads(false)
                .readinessGate(false)
                .shadowSampler(() -> 0)
                .outsideWriteCatchUp(false)
                .open();
        opened.add(ds);
        return ds;
    }

    @Test
    void afterAShardOutageUnderFourWritersTheInstanceConvergesByItself() throws Exception {
        BridgeDataSource ds = instance();
        Writers writers = new Writers(ds);
        Thread.sleep(500);
        faults.outage(DOWN, true);
        Thread.sleep(8_000);
        faults.outage(DOWN, false);
        long lastOutageIntent = lastIntentId();
        long back = System.nanoTime();
        long convergedMs = -1;
        while (System.nanoTime() - back < TimeUnit.MILLISECONDS.toNanos(CONVERGE_BOUND_MS)) {
            if (intentsUpTo(lastOutageIntent) == 0) {
                convergedMs = (System.nanoTime() - back) / 1_000_000;
                break;
            }
            Thread.sleep(100);
        }
        writers.stop();
        System.out.printf("[%s] %d writes; the outage's intents were drained %d ms after the shard returned%n", dialect(),
                writers.committed.get(), convergedMs);
        assertThat(writers.errors.get()).as("caller errors during the outage").isZero();
        assertThat(convergedMs).as("ms until every intent written during the outage was drained, by the instance itself").isNotNegative();
        ds.close(); // drains what the writers' last transactions left
        assertThat(intentsUpTo(Long.MAX_VALUE)).as("intents left after close()").isZero();
        assertThat(fixture.targetRows("fault_row")).containsExactlyElementsOf(fixture.legacyRows("fault_row"));
    }

    @Test
    void closeDrainsWhatAnOutageLeftAndANextInstanceTakesWhatCloseCouldNot() throws Exception {
        // background repair off, so that only close() can drain what the outage left
        BridgeDataSource first = instance(BridgeDataSource.builder(fixture.config()).repair(Duration.ZERO, Duration.ZERO)
                .drainOnClose(Duration.ofSeconds(30)));
        faults.outage(DOWN, true);
        Writers writers = new Writers(first);
        Thread.sleep(2_000);
        writers.stop();
        assertThat(writers.committed.get()).as("writes during the outage").isPositive();
        assertThat(intentsUpTo(Long.MAX_VALUE)).as("intents the outage left").isPositive();
        faults.outage(DOWN, false);
        first.close(); // the service exits right after the shard came back: nothing may stay one-sided
        assertThat(intentsUpTo(Long.MAX_VALUE)).as("intents left after close()").isZero();
        assertThat(fixture.targetRows("fault_row")).containsExactlyElementsOf(fixture.legacyRows("fault_row"));

        BridgeDataSource second = instance();
        faults.outage(DOWN, true);
        writers = new Writers(second);
        Thread.sleep(2_000);
        writers.stop();
        assertThat(writers.committed.get()).as("writes during the second outage").isPositive();
        second.close(); // the shard is still down: close() gives up within its bound and leaves the intents
        assertThat(intentsUpTo(Long.MAX_VALUE)).as("intents a close() during the outage cannot drain").isPositive();
        faults.outage(DOWN, false);
        instance(); // the next instance drains them by itself
        long started = System.nanoTime();
        while (intentsUpTo(Long.MAX_VALUE) > 0 && System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(CONVERGE_BOUND_MS)) {
            Thread.sleep(100);
        }
        assertThat(intentsUpTo(Long.MAX_VALUE)).as("intents left by the closed instance, after the next one started").isZero();
        assertThat(fixture.targetRows("fault_row")).containsExactlyElementsOf(fixture.legacyRows("fault_row"));
    }

    private long lastIntentId() throws SQLException {
        return queryLong("SELECT coalesce(max(id), 0) FROM shardbridge_intent WHERE unit_name = ?", UNIT, null);
    }

    private long intentsUpTo(long id) throws SQLException {
        return queryLong("SELECT count(*) FROM shardbridge_intent WHERE unit_name = ? AND id <= ?", UNIT, id);
    }

    private static long queryLong(String sql, String unit, Long bound) throws SQLException {
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, unit);
            if (bound != null) {
                ps.setLong(2, bound);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Four threads: insert a row, update the one three before it, delete every seventh one five before it. */
    static final class Writers {
        private static final AtomicLong NEXT_ID = new AtomicLong(1);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger committed = new AtomicInteger();
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final List<Future<?>> running = new ArrayList<>();

        Writers(BridgeDataSource ds) {
            for (int t = 0; t < 4; t++) {
                running.add(threads.submit(() -> {
                    while (!stop.get()) {
                        long id = NEXT_ID.getAndIncrement();
                        try {
                            write(ds, "INSERT INTO fault_row (id, user_id, val) VALUES (?, ?, ?)", id, id % 17, id);
                            write(ds, "UPDATE fault_row SET val = val + 1 WHERE id = ?", Math.max(1, id - 3));
                            if (id % 7 == 0) {
                                write(ds, "DELETE FROM fault_row WHERE id = ?", id - 5);
                            }
                            committed.addAndGet(2);
                        } catch (SQLException e) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
        }

        void stop() throws Exception {
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }

        private static void write(BridgeDataSource ds, String sql, long... values) throws SQLException {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    ps.setLong(i + 1, values[i]);
                }
                ps.executeUpdate();
            }
        }
    }
}
