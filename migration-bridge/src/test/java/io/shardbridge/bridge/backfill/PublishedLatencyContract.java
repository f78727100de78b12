package io.shardbridge.bridge.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.control.PublishedLatency;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §6 across processes: the instance serving a unit publishes its service latency in the control
 * store with its heartbeat, and a backfill run by a second DataSource that serves no traffic — what the
 * CLI's {@code backfill} opens — backs off when that latency rises, exactly as a backfill inside the
 * service does; readings of dead instances, and stale readings, are not counted.
 */
abstract class PublishedLatencyContract {
    private static final AtomicLong NEXT_KEY = new AtomicLong(1_000_000);

    BridgeFixture fixture;
    BridgeDataSource service;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = BridgeFixture.get(dialect());
        service = fixture.dataSource();
        fixture.reset("fill", MigrationPhase.LEGACY_ONLY, "fill_row");
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("INSERT INTO fill_row (acct_id, seq, amount) SELECT a, s, a + s FROM generate_series(1, 40) a, generate_series(1, 10) s");
        }
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
    }

    @AfterEach
    void tearDown() throws SQLException {
        fixture.faults().reset();
        try (Connection c = fixture.controlConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM shardbridge_service_latency WHERE instance_id LIKE 'fake-%'");
            st.execute("DELETE FROM shardbridge_instance WHERE instance_id LIKE 'fake-%'");
        }
    }

    /** What the CLI opens for a one-off command (CommonOptions.openBridge): an instance with no traffic, repair or catch-up of its own. */
    private BridgeDataSource operatorProcess() {
        return BridgeDataSource.builder(fixture.config()).meterRegistry(new SimpleMeterRegistry()).repair(Duration.ZERO, Duration.ZERO)
                .consumeCatchUp(false).outsideWriteCatchUp(false).requireBackfillBeforeReads(false).readinessGate(false).open();
    }

    /** {@code count} write transactions of the service on the unit, each inserting a row of its own. */
    private void serviceWrites(int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            try (Connection c = service.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO fill_row (acct_id, seq, amount) VALUES (?, 1, 1)")) {
                ps.setLong(1, NEXT_KEY.incrementAndGet());
                ps.executeUpdate();
            }
        }
    }

    private static List<PublishedLatency.InstanceLatency> awaitPublished(BridgeDataSource reader, Predicate<PublishedLatency.InstanceLatency> test)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<PublishedLatency.InstanceLatency> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = reader.bridge().controlPlane().publishedLatency("fill");
            if (seen.stream().anyMatch(test)) {
                return seen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no published reading matched within 30 s; last seen " + seen);
    }

    @Test
    void aBackfillInAProcessWithoutTrafficBacksOffWhenTheServingInstancePublishesAHighLatency() throws Exception {
        // the service's baseline settles: 50 writes, and enough more that the first, slow ones (connections, JIT) have faded from it
        serviceWrites(300);
        fixture.faults().slowMirror(Duration.ofMillis(400)); // every mirrored commit now waits 400 ms for its mirror connection
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread slowService = new Thread(() -> {
            while (!stop.get()) {
                try {
                    serviceWrites(1);
                } catch (SQLException | RuntimeException e) {
                    failed.add(e);
                    return;
                }
            }
        }, "slow-service");
        slowService.start();
        try (BridgeDataSource operator = operatorProcess()) {
            String serving = service.bridge().controlPlane().instance();
            List<PublishedLatency.InstanceLatency> seen = awaitPublished(operator, l -> l.instance().equals(serving) && l.ratio() > 2.0);
            assertThat(seen.get(0).current()).isGreaterThan(seen.get(0).baseline());

            List<Backfill.Progress> progress = new ArrayList<>();
            Backfill.Result result = operator.bridge().backfill("fill").initialChunk(50).chunkTarget(Duration.ofMillis(20))
                    .latencyBackoff(2.0, Duration.ofMillis(100)).run(progress::add);
            assertThat(result.rowsCopied()).isGreaterThanOrEqualTo(400);
            assertThat(progress.get(progress.size() - 1).throttled()).as("paused for the serving instance's published latency").isPositive();
            assertThat(service.bridge().controlPlane().publishedLatency("fill")).as("the operator process has no traffic, so publishes nothing")
                    .noneMatch(l -> l.instance().equals(operator.bridge().controlPlane().instance()));
        } finally {
            stop.set(true);
            slowService.join(10_000);
            fixture.faults().reset();
        }
        assertThat(failed).isEmpty();
        serviceWrites(40); // fast again: the in-process signal recovers for the next tests
    }

    @Test
    void readingsOfDeadInstancesAndStaleReadingsAreNotCounted() throws Exception {
        try (Connection c = fixture.controlConnection(); Statement st = c.createStatement()) {
            // a crashed instance (no heartbeat for an hour) whose last reading was slow; a live one whose reading is an hour old;
            // a live one with a fresh reading
            st.execute("INSERT INTO shardbridge_instance (instance_id, unit_name, observed_phase, observed_epoch, last_seen) VALUES "
                    + "('fake-dead', 'fill', 'DUAL_WRITE', 1, now() - interval '1 hour'), ('fake-stale', 'fill', 'DUAL_WRITE', 1, now()), "
                    + "('fake-live', 'fill', 'DUAL_WRITE', 1, now() + interval '1 hour')");
            st.execute("INSERT INTO shardbridge_service_latency (instance_id, unit_name, ratio, current_us, baseline_us, published_at) VALUES "
                    + "('fake-dead', 'fill', 50, 50000, 1000, now()), ('fake-stale', 'fill', 40, 40000, 1000, now() - interval '1 hour'), "
                    + "('fake-live', 'fill', 30, 30000, 1000, now())");
        }
        List<PublishedLatency.InstanceLatency> live = service.bridge().controlPlane().publishedLatency("fill");
        assertThat(live).extracting(PublishedLatency.InstanceLatency::instance).contains("fake-live").doesNotContain("fake-dead", "fake-stale");
        assertThat(live.get(0).instance()).as("slowest first").isEqualTo("fake-live");
        assertThat(live.get(0).current()).isEqualTo(Duration.ofMillis(30));

        try (Connection c = fixture.controlConnection(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM shardbridge_instance WHERE instance_id = 'fake-live'"); // it left
        }
        assertThat(service.bridge().controlPlane().publishedLatency("fill")).extracting(PublishedLatency.InstanceLatency::instance)
                .doesNotContain("fake-live", "fake-dead", "fake-stale");
    }
}
