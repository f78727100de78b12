package io.shardbridge.bridge.catchup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §10 end to end: while the service writes through shardbridge, another connection writes legacy
 * directly and a trigger on one unit table writes the other. With no repair run, the catch-up stream
 * brings the target level (verify is clean), status reports the writes made outside shardbridge, the flip
 * to LIVE is refused while they go on and allowed once they stopped for the quiet window, a killed
 * consumer is replaced without loss, and the slot is gone at the end of the walk.
 */
abstract class OutsideWritesContract {
    static final String UNIT = "outside";
    private static final Duration QUIET = Duration.ofMillis(1500);

    private final List<BridgeDataSource> open = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong nextId = new java.util.concurrent.atomic.AtomicLong(100_000);
    private final AtomicInteger outsideWrites = new AtomicInteger();

    protected abstract Dialect dialect();

    private String controlDatabase() {
        return dialect() == Dialect.POSTGRESQL ? TestDatabases.LEGACY : "sb_control_my";
    }

    private String yaml() {
        String base = TestTargets.yamlText(dialect());
        String legacy = base.substring(0, base.indexOf("target:"));
        String target = base.substring(base.indexOf("target:"), base.indexOf("  tables:\n"));
        String control = dialect() == Dialect.POSTGRESQL ? "" : """
                control:
                  url: %s
                  username: %s
                  password: "%s"
                """.formatted(TestDatabases.postgresUrl(controlDatabase()), TestDatabases.postgres().user(), TestDatabases.postgres().password());
        return legacy + control + target + """
                  tables:
                    ow_account: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                    ow_event: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                migrations:
                  outside: { tables: [ow_account, ow_event], phase: LEGACY_ONLY, outside-writes-quiet-ms: %d, fence-timeout-ms: 8000 }
                """.formatted(QUIET.toMillis());
    }

    private ShardbridgeConfig config() {
        return ShardbridgeConfigLoader.parse(yaml(), "outside-" + dialect() + ".yaml");
    }

    @BeforeEach
    void freshTables() throws SQLException {
        ShardbridgeConfig config = config();
        try (Connection legacy = legacy(); Statement st = legacy.createStatement()) {
            LegacySlots.dropLeftOver(st, config(), UNIT);
            st.execute("DROP TABLE IF EXISTS ow_account, ow_event");
            st.execute("CREATE TABLE ow_account (id bigint PRIMARY KEY, user_id bigint NOT NULL, balance numeric(14,2) NOT NULL)");
            st.execute("CREATE TABLE ow_event (id bigserial PRIMARY KEY, account_id bigint NOT NULL, user_id bigint NOT NULL, note text)");
            st.execute("CREATE OR REPLACE FUNCTION ow_account_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "INSERT INTO ow_event (account_id, user_id, note) VALUES (NEW.id, NEW.user_id, 'balance ' || NEW.balance); RETURN NEW; END $$");
            st.execute("CREATE TRIGGER ow_account_audit AFTER UPDATE ON ow_account FOR EACH ROW EXECUTE FUNCTION ow_account_audit()");
            st.execute("INSERT INTO ow_account SELECT g, g % 17, 100 FROM generate_series(1, 300) g");
        }
        try (Connection control = TestDatabases.postgresConnection(controlDatabase()); Statement st = control.createStatement()) {
            BridgeFixture.forgetUnits(st, UNIT);
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_backfill') IS NOT NULL THEN DELETE FROM shardbridge_backfill WHERE unit_name = '"
                    + UNIT + "'; END IF; IF to_regclass('shardbridge_verification') IS NOT NULL THEN DELETE FROM shardbridge_verification "
                    + "WHERE unit_name = '" + UNIT + "'; END IF; IF to_regclass('shardbridge_catchup') IS NOT NULL THEN DELETE FROM shardbridge_catchup "
                    + "WHERE unit_name = '" + UNIT + "'; DELETE FROM shardbridge_outside_write WHERE unit_name = '" + UNIT + "'; END IF; END $$");
        }
        try (var pools = io.shardbridge.pool.ShardPools.open(config.target())) {
            for (var shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    for (String table : List.of("ow_account_0", "ow_account_1", "ow_event_0", "ow_event_1")) {
                        st.execute("DROP TABLE IF EXISTS " + table);
                    }
                }
            }
            try (Connection legacy = legacy()) {
                new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "ow_account"),
                        PostgresCatalogReader.read(legacy, "public", "ow_event")));
            }
        }
    }

    @AfterEach
    void closeInstances() throws SQLException {
        open.forEach(BridgeDataSource::close);
        try (Connection legacy = legacy(); Statement st = legacy.createStatement()) {
            LegacySlots.dropLeftOver(st, config(), UNIT);
        }
    }

    private BridgeDataSource instance(String name) {
        BridgeDataSource ds = BridgeDataSource.builder(config()).meterRegistry(new SimpleMeterRegistry()).instanceId(name + "-" + dialect())
                .controlTiming(Duration.ofMillis(50), Duration.ofSeconds(1)).repair(Duration.ZERO, Duration.ZERO).open();
        open.add(ds);
        try {
            // the trigger is the test's second outside writer; the readiness gate (DESIGN §11) would hold up the flip for it
            ds.bridge().acceptReadiness(UNIT, "trigger", "OutsideWritesContract");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ds;
    }

    @Test
    void writesMadeOutsideShardbridgeReachTheTargetAndHoldUpTheFlip() throws Exception {
        BridgeDataSource a = instance("a");
        a.bridge().moveTo(UNIT, MigrationPhase.DUAL_WRITE);
        String slot = a.bridge().safetyNet(UNIT).slot();
        LegacySlots.await(slot); // created with the move, or (when the shared server's open transactions held that up) by the consumer
        a.bridge().backfill(UNIT).run(p -> { });

        // the service writes through shardbridge (its updates fire the trigger), another writer writes legacy directly
        try (Writers writers = new Writers(a)) {
            writers.service().outside(true);
            pause(1500);
        }
        assertConverges(a);
        SafetyNetStatus status = a.bridge().safetyNet(UNIT);
        assertThat(status.on()).isTrue();
        assertThat(status.describe()).contains("written outside shardbridge");
        assertThat(status.writes()).anySatisfy(w -> {
            assertThat(w.table()).isEqualTo("ow_account");
            assertThat(w.writer()).startsWith("another transaction");
            assertThat(w.count()).isPositive();
            assertThat(w.sampleKeys()).isNotEmpty();
        });
        assertThat(status.writes()).anySatisfy(w -> {
            assertThat(w.table()).isEqualTo("ow_event");
            assertThat(w.writer()).startsWith("a trigger or cascade");
        });
        // the service's own writes are not reported: every ow_account row it wrote has an intent in the same transaction
        assertThat(status.writes()).noneSatisfy(w -> {
            assertThat(w.table()).isEqualTo("ow_account");
            assertThat(w.writer()).startsWith("a trigger or cascade");
        });
        assertThat(status.writes()).filteredOn(w -> w.table().equals("ow_account")).singleElement()
                .satisfies(w -> assertThat(w.count()).isLessThanOrEqualTo(outsideWrites.get()));
        assertThat(status.writes()).noneSatisfy(w -> assertThat(w.alarms()).isPositive());
        assertThat(((SimpleMeterRegistry) a.bridge().metrics().registry()).get("shardbridge.outside.writes").tag("unit", UNIT).tag("table", "ow_account")
                .gauge().value()).isPositive();

        // a killed consumer: another instance takes the lease over and resumes from the slot's confirmed position
        BridgeDataSource b = instance("b");
        try (Writers writers = new Writers(a)) {
            writers.service().outside(true);
            pause(400);
            a.bridge().outsideWriteCatchUp().crash(UNIT);
            pause(1500);
        }
        assertConverges(a);
        assertThat(a.bridge().safetyNet(UNIT).consumer()).isEqualTo("b-" + dialect());

        VerifyReport clean = a.bridge().verifier(UNIT).recheckAfter(Duration.ZERO).run();
        assertThat(clean.equal()).as("verify after the catch-up: %s", clean.differences()).isTrue();
        a.bridge().moveTo(UNIT, MigrationPhase.SHADOW);

        // the flip waits while the other writer goes on
        try (Writers writers = new Writers(a)) {
            writers.outside(false);
            pause(500);
            // the readiness report shows it before anyone tries the flip: a failing pre-flight check, with the fix
            assertThat(a.bridge().readiness(UNIT).blockers()).anySatisfy(f -> {
                assertThat(f.kind()).isEqualTo("outside-writes");
                assertThat(f.subject()).isEqualTo("ow_account");
                assertThat(f.problem()).contains("written outside shardbridge").contains("outside-writes-quiet-ms");
                assertThat(f.fix()).contains("--accept-outside-writes");
            });
            assertThatThrownBy(() -> a.bridge().moveTo(UNIT, MigrationPhase.LIVE))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("written outside shardbridge")
                    .hasMessageContaining("ow_account")
                    .hasMessageContaining("outside-writes-quiet-ms")
                    .hasMessageContaining("--accept-outside-writes");
            assertThat(a.bridge().phase(UNIT)).isEqualTo(MigrationPhase.SHADOW);
        }
        pause(QUIET.toMillis() + 500);
        assertConverges(a);
        assertThat(a.bridge().readiness(UNIT).findings()).noneSatisfy(f -> assertThat(f.kind()).isEqualTo("outside-writes"));
        a.bridge().moveTo(UNIT, MigrationPhase.LIVE);
        assertThat(a.bridge().phase(UNIT)).isEqualTo(MigrationPhase.LIVE);

        // from LIVE on, the service's writes mirrored into legacy are its own; a direct legacy write is an alarm
        try (Connection legacy = legacy(); Statement st = legacy.createStatement()) {
            st.execute("DROP TRIGGER ow_account_audit ON ow_account"); // the mirror into legacy would fire it
        }
        try (Connection c = a.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE ow_account SET balance = balance + 1 WHERE user_id = 3");
        }
        a.bridge().awaitMirrored();
        try (Connection legacy = legacy(); Statement st = legacy.createStatement()) {
            st.executeUpdate("UPDATE ow_account SET balance = 0 WHERE id = 5");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (a.bridge().safetyNet(UNIT).alarms() == 0 && System.nanoTime() < deadline) {
            pause(100);
        }
        SafetyNetStatus live = a.bridge().safetyNet(UNIT);
        assertThat(live.alarms()).as("one legacy write outside shardbridge in LIVE: %s", live.describe()).isEqualTo(1);
        assertThat(live.describe()).contains("ALARM");

        a.bridge().moveTo(UNIT, MigrationPhase.RAMP_DOWN);
        assertThat(LegacySlots.exists(slot)).isTrue();
        // legacy holds the alarm's row, which the target does not: let legacy go as it is (the let-go gate of DESIGN §4)
        a.bridge().acceptReadiness(UNIT, "unverified-let-go", "OutsideWritesContract");
        a.bridge().moveTo(UNIT, MigrationPhase.TARGET_ONLY);
        assertThat(LegacySlots.exists(slot)).as("slot dropped at TARGET_ONLY").isFalse();
    }

    @Test
    void goingBackToLegacyOnlyDropsTheSlotAndAnOverrideIsRecorded() throws Exception {
        BridgeDataSource a = instance("a");
        a.bridge().moveTo(UNIT, MigrationPhase.DUAL_WRITE);
        String slot = a.bridge().safetyNet(UNIT).slot();
        LegacySlots.await(slot);
        a.bridge().backfill(UNIT).run(p -> { });
        // writes committed within the dead-after time (1 s here) of the move may be the service's own, pinned in LEGACY_ONLY:
        // applied, not reported
        Thread.sleep(1_200);
        try (Connection legacy = legacy(); Statement st = legacy.createStatement()) {
            st.executeUpdate("UPDATE ow_account SET balance = 7 WHERE id = 9");
        }
        assertConverges(a);
        assertThat(a.bridge().verifier(UNIT).recheckAfter(Duration.ZERO).run().equal()).isTrue();
        a.bridge().moveTo(UNIT, MigrationPhase.SHADOW);
        // the other writer goes on through the move, so its writes are within the quiet window however slow the host is
        try (Writers writers = new Writers(a)) {
            writers.outside(false);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!a.bridge().safetyNet(UNIT).outsideWritesRecent() && System.nanoTime() < deadline) {
                pause(100);
            }
            a.bridge().moveTo(UNIT, MigrationPhase.LIVE, true, p -> { });
        }
        assertThat(a.bridge().safetyNet(UNIT).acceptedNote()).contains("ow_account");
        a.bridge().moveTo(UNIT, MigrationPhase.SHADOW);
        a.bridge().moveTo(UNIT, MigrationPhase.DUAL_WRITE);
        assertThat(LegacySlots.exists(slot)).isTrue();
        a.bridge().moveTo(UNIT, MigrationPhase.LEGACY_ONLY);
        assertThat(LegacySlots.exists(slot)).as("slot dropped at LEGACY_ONLY").isFalse();
        assertThat(a.bridge().safetyNet(UNIT).describe()).contains("no replication slot");
    }

    /** Polls until the target holds what legacy holds (no repair is run: only the catch-up and the dual writes). */
    private void assertConverges(BridgeDataSource ds) throws Exception {
        ds.bridge().awaitMirrored();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> legacyRows = List.of();
        List<String> targetRows = List.of();
        while (System.nanoTime() < deadline) {
            legacyRows = rows(legacy());
            targetRows = rows(ds.bridge().targetDataSource().getConnection());
            if (legacyRows.equals(targetRows)) {
                return;
            }
            pause(200);
        }
        assertThat(targetRows).as("target rows after the catch-up").isEqualTo(legacyRows);
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (c; Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, user_id, balance FROM ow_account ORDER BY id")) {
                while (rs.next()) {
                    out.add("a" + rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getBigDecimal(3).stripTrailingZeros().toPlainString());
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id, account_id, note FROM ow_event ORDER BY id")) {
                while (rs.next()) {
                    out.add("e" + rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getString(3));
                }
            }
        }
        return out;
    }

    /** The service writing through shardbridge and another writer writing legacy directly, on two threads. */
    private final class Writers implements AutoCloseable {
        private final BridgeDataSource ds;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicInteger failures = new AtomicInteger();
        private final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

        Writers(BridgeDataSource ds) {
            this.ds = ds;
        }

        Writers service() {
            start(() -> {
                Random random = new Random(1);
                while (!stop.get()) {
                    try (Connection c = ds.getConnection()) {
                        c.setAutoCommit(false);
                        try (PreparedStatement ps = c.prepareStatement("UPDATE ow_account SET balance = balance + 1 WHERE id = ?")) {
                            ps.setLong(1, 1 + random.nextInt(150));
                            ps.executeUpdate();
                        }
                        c.commit();
                    } catch (SQLException e) {
                        failures.incrementAndGet(); // a fence may make a write wait and time out; the write is not lost, it never happened
                    }
                }
            });
            return this;
        }

        /** Updates, inserts and deletes on legacy straight through JDBC; {@code fast}: as fast as it can, else every 100 ms. */
        Writers outside(boolean fast) {
            start(() -> {
                Random random = new Random(2);
                try (Connection c = legacy(); PreparedStatement update = c.prepareStatement("UPDATE ow_account SET balance = balance - 1 WHERE id = ?");
                     PreparedStatement insert = c.prepareStatement("INSERT INTO ow_account VALUES (?, ?, 5)");
                     PreparedStatement delete = c.prepareStatement("DELETE FROM ow_account WHERE id = ?")) {
                    while (!stop.get()) {
                        int kind = random.nextInt(10);
                        if (kind < 7) {
                            update.setLong(1, 151 + random.nextInt(150));
                            update.executeUpdate();
                        } else if (kind < 9) {
                            long id = nextId.incrementAndGet();
                            insert.setLong(1, id);
                            insert.setLong(2, id % 17);
                            insert.executeUpdate();
                        } else {
                            delete.setLong(1, nextId.get());
                            delete.executeUpdate();
                        }
                        outsideWrites.incrementAndGet();
                        if (!fast) {
                            pause(100);
                        }
                    }
                } catch (Exception e) {
                    errors.add(e);
                }
            });
            return this;
        }

        private void start(Runnable body) {
            Thread t = new Thread(body, "outside-writes-test");
            t.start();
            threads.add(t);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(errors).isEmpty();
        }
    }

    private static Connection legacy() throws SQLException {
        return TestDatabases.postgresConnection(TestDatabases.LEGACY);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
