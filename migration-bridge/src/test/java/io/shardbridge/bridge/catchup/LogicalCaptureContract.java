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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
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
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code capture: logical} end to end (DESIGN §10): in DUAL_WRITE and SHADOW the service's writes are not
 * mirrored on its path (no intent, no mirror transaction), the replication stream brings the target level,
 * a killed consumer is replaced without loss, the flip to LIVE waits until the stream has applied legacy's
 * WAL up to the fence (refused while nobody consumes; once it passes, both sides are equal at once), and
 * from LIVE on writes are mirrored back to legacy synchronously. A TRUNCATE on legacy empties the target's
 * copy too, in commit order with the writes around it, in either capture mode.
 */
abstract class LogicalCaptureContract {
    static final String UNIT = "logical";
    private static final List<String> PHYSICAL = List.of("lc_account_0", "lc_account_1");

    private final List<BridgeDataSource> open = new ArrayList<>();
    private final AtomicLong nextId = new AtomicLong(100_000);

    protected abstract Dialect dialect();

    private String controlDatabase() {
        return dialect() == Dialect.POSTGRESQL ? TestDatabases.LEGACY : "sb_control_my";
    }

    private String yaml(String capture) {
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
                    lc_account: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                migrations:
                  logical: { tables: [lc_account], phase: LEGACY_ONLY, capture: %s, outside-writes-quiet-ms: 0, fence-timeout-ms: 6000 }
                """.formatted(capture);
    }

    private ShardbridgeConfig config(String capture) {
        return ShardbridgeConfigLoader.parse(yaml(capture), "logical-" + dialect() + ".yaml");
    }

    @BeforeEach
    void freshTables() throws SQLException {
        ShardbridgeConfig config = config("logical");
        io.shardbridge.bridge.intent.IntentTable.create(legacyDataSource(), Dialect.POSTGRESQL);
        try (Connection legacy = legacy(); Statement st = legacy.createStatement()) {
            LegacySlots.dropLeftOver(st, config("logical"), UNIT);
            st.execute("DROP TABLE IF EXISTS lc_account, lc_intents_seen");
            st.execute("CREATE TABLE lc_account (id bigint PRIMARY KEY, user_id bigint NOT NULL, balance numeric(14,2) NOT NULL)");
            st.execute("INSERT INTO lc_account SELECT g, g % 17, 100 FROM generate_series(1, 300) g");
            // every intent the unit records on legacy is counted: under capture: logical the caller's path records none
            st.execute("CREATE TABLE lc_intents_seen (n bigint NOT NULL)");
            st.execute("CREATE OR REPLACE FUNCTION lc_count_intent() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF NEW.unit_name = '" + UNIT + "' THEN INSERT INTO lc_intents_seen VALUES (1); END IF; RETURN NEW; END $$");
            st.execute("DROP TRIGGER IF EXISTS lc_count_intent ON shardbridge_intent");
            st.execute("CREATE TRIGGER lc_count_intent AFTER INSERT ON shardbridge_intent FOR EACH ROW EXECUTE FUNCTION lc_count_intent()");
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
                    for (String table : PHYSICAL) {
                        st.execute("DROP TABLE IF EXISTS " + table);
                    }
                }
            }
            try (Connection legacy = legacy()) {
                new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "lc_account")));
            }
        }
    }

    @AfterEach
    void closeInstances() throws SQLException {
        open.forEach(BridgeDataSource::close);
        try (Connection legacy = legacy(); Statement st = legacy.createStatement()) {
            LegacySlots.dropLeftOver(st, config("logical"), UNIT);
            st.execute("DROP TRIGGER IF EXISTS lc_count_intent ON shardbridge_intent");
            st.execute("DROP TABLE IF EXISTS lc_intents_seen");
        }
    }

    private BridgeDataSource instance(String name, String capture) {
        return instance(name, capture, null);
    }

    private BridgeDataSource instance(String name, String capture, DataSource legacy) {
        BridgeDataSource.Builder builder = BridgeDataSource.builder(config(capture)).meterRegistry(new SimpleMeterRegistry())
                .instanceId(name + "-" + dialect()).controlTiming(Duration.ofMillis(50), Duration.ofSeconds(1)).repair(Duration.ZERO, Duration.ZERO);
        if (legacy != null) {
            builder.legacyDataSource(legacy);
        }
        BridgeDataSource ds = builder.open();
        open.add(ds);
        return ds;
    }

    @Test
    void theStreamMirrorsTheServiceAndTheFlipWaitsForIt() throws Exception {
        BridgeDataSource a = instance("a", "logical");
        a.bridge().moveTo(UNIT, MigrationPhase.DUAL_WRITE);
        LegacySlots.await(a.bridge().safetyNet(UNIT).slot());
        a.bridge().backfill(UNIT).run(p -> { });

        try (Writers writers = new Writers(a, 4)) {
            pause(1500);
        }
        assertConverges(a);
        assertThat(intentsSeen()).as("intents recorded on the caller's path").isZero();
        assertThat(mirrorTransactions(a)).as("mirror transactions on the caller's path").isZero();
        // the service's own writes are not writes made outside shardbridge
        assertThat(a.bridge().safetyNet(UNIT).writes()).isEmpty();

        // a killed consumer: another instance takes the lease over and resumes from the slot's confirmed position
        BridgeDataSource b = instance("b", "logical");
        try (Writers writers = new Writers(a, 2)) {
            pause(400);
            a.bridge().outsideWriteCatchUp().crash(UNIT);
            pause(1500);
        }
        assertConverges(a);
        assertThat(a.bridge().safetyNet(UNIT).consumer()).isEqualTo("b-" + dialect());
        VerifyReport clean = a.bridge().verifier(UNIT).recheckAfter(Duration.ZERO).run();
        assertThat(clean.equal()).as("verify after the stream: %s", clean.differences()).isTrue();
        a.bridge().moveTo(UNIT, MigrationPhase.SHADOW);

        // nobody consumes: the flip cannot see the stream reach the fence, and is refused
        b.bridge().outsideWriteCatchUp().crash(UNIT);
        try (Writers writers = new Writers(a, 2)) {
            pause(300);
        }
        assertThatThrownBy(() -> a.bridge().moveTo(UNIT, MigrationPhase.LIVE))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("not yet up to the fence");
        assertThat(a.bridge().phase(UNIT)).isEqualTo(MigrationPhase.SHADOW);
        assertThat(mirrorTransactions(a)).isZero();

        // a consumer again: the flip waits for the stream to pass the fence, so the moment it is recorded both sides are equal
        BridgeDataSource c = instance("c", "logical");
        try (Writers writers = new Writers(a, 2)) {
            pause(300);
        }
        a.bridge().moveTo(UNIT, MigrationPhase.LIVE);
        assertThat(rows(targetOf(c))).as("the target right after the flip").isEqualTo(rows(legacy()));
        assertThat(intentsSeen()).isZero();

        // from LIVE on the service's writes are mirrored back to legacy on the caller's path, as with statement capture
        try (Writers writers = new Writers(a, 2)) {
            pause(500);
        }
        a.bridge().awaitMirrored();
        assertThat(mirrorTransactions(a)).isPositive();
        assertThat(rows(legacy())).isEqualTo(rows(targetOf(a)));
        assertThat(a.bridge().safetyNet(UNIT).alarms()).isZero();
    }

    @Test
    void aTruncateOnLegacyEmptiesTheTargetCopyInCommitOrderWithLogicalCapture() throws Exception {
        truncateConverges("logical");
    }

    @Test
    void aTruncateOnLegacyEmptiesTheTargetCopyInCommitOrderWithStatementCapture() throws Exception {
        truncateConverges("statement");
    }

    /**
     * TRUNCATE on legacy while the service inserts through shardbridge: the rows written right after it (mirrored on
     * the caller's path before the stream reaches the TRUNCATE, with statement capture) must survive the target's own
     * emptying, and the rows from before it must go.
     */
    private void truncateConverges(String capture) throws Exception {
        BridgeDataSource a = instance("a", capture);
        a.bridge().moveTo(UNIT, MigrationPhase.DUAL_WRITE);
        LegacySlots.await(a.bridge().safetyNet(UNIT).slot());
        a.bridge().backfill(UNIT).run(p -> { });
        try (Writers writers = new Writers(a, 2)) {
            pause(300);
            try (Connection legacy = legacy(); Statement st = legacy.createStatement()) {
                st.execute("TRUNCATE lc_account");
            }
            pause(700);
        }
        assertConverges(a);
        assertThat(rows(legacy())).as("rows inserted after the TRUNCATE").isNotEmpty().noneMatch(r -> r.startsWith("a1/"));
        VerifyReport clean = a.bridge().verifier(UNIT).recheckAfter(Duration.ZERO).run();
        assertThat(clean.equal()).as("verify after the TRUNCATE: %s", clean.differences()).isTrue();
        assertThat(a.bridge().safetyNet(UNIT).writes()).anySatisfy(w -> assertThat(w.sampleKeys()).contains("TRUNCATE"));
    }

    @Test
    void withoutWalLevelLogicalTheMoveToDualWriteIsRefusedNamingTheSetting() throws Exception {
        try (var pool = io.shardbridge.pool.ConnectionPools.open("legacy", config("logical").legacy().orElseThrow(), 5)) {
            refusedWithoutWalLevelLogical(instance("a", "logical", walLevelReplica(pool)));
        }
    }

    private void refusedWithoutWalLevelLogical(BridgeDataSource a) throws Exception {
        assertThatThrownBy(() -> a.bridge().moveTo(UNIT, MigrationPhase.DUAL_WRITE))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("capture: logical")
                .hasMessageContaining("wal_level = logical");
        assertThat(a.bridge().phase(UNIT)).isEqualTo(MigrationPhase.LEGACY_ONLY);
        try (Connection c = a.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE lc_account SET balance = 1 WHERE id = 1"); // still served, at LEGACY_ONLY
        }
    }

    /** Polls until the target holds what legacy holds (no repair is run: only the stream). */
    private void assertConverges(BridgeDataSource ds) throws Exception {
        ds.bridge().awaitMirrored();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> legacyRows = List.of();
        List<String> targetRows = List.of();
        while (System.nanoTime() < deadline) {
            legacyRows = rows(legacy());
            targetRows = rows(targetOf(ds));
            if (legacyRows.equals(targetRows)) {
                return;
            }
            pause(200);
        }
        assertThat(targetRows).as("target rows after the stream").isEqualTo(legacyRows);
    }

    private static Connection targetOf(BridgeDataSource ds) throws SQLException {
        return ds.bridge().targetDataSource().getConnection();
    }

    private static List<String> rows(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (c; Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, user_id, balance FROM lc_account ORDER BY id")) {
            while (rs.next()) {
                out.add("a" + rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getBigDecimal(3).stripTrailingZeros().toPlainString());
            }
        }
        return out;
    }

    private static long intentsSeen() throws SQLException {
        try (Connection c = legacy(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM lc_intents_seen")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double mirrorTransactions(BridgeDataSource ds) {
        var counter = ((SimpleMeterRegistry) ds.bridge().metrics().registry()).find("shardbridge.mirror.transactions").tag("unit", UNIT).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The service writing through shardbridge on several threads: updates of existing rows and inserts of new ones. */
    private final class Writers implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Writers(BridgeDataSource ds, int count) {
            for (int i = 0; i < count; i++) {
                int seed = i;
                Thread t = new Thread(() -> write(ds, new Random(seed)), "logical-capture-writer");
                t.start();
                threads.add(t);
            }
        }

        private void write(BridgeDataSource ds, Random random) {
            while (!stop.get()) {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    if (random.nextInt(4) == 0) {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lc_account (id, user_id, balance) VALUES (?, ?, 1)")) {
                            long id = nextId.incrementAndGet();
                            ps.setLong(1, id);
                            ps.setLong(2, id % 17);
                            ps.executeUpdate();
                        }
                    } else {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE lc_account SET balance = balance + 1 WHERE id = ?")) {
                            ps.setLong(1, 1 + random.nextInt(300));
                            ps.executeUpdate();
                        }
                    }
                    c.commit();
                } catch (SQLException e) {
                    // a fence may make a write wait and time out: the write never happened, nothing to mirror
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    /** Legacy as a server that runs with wal_level = replica (the shared test server cannot be restarted for it). */
    private static DataSource walLevelReplica(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(LogicalCaptureContract.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return result instanceof Connection c ? connection(c) : result;
                });
    }

    private static Connection connection(Connection real) {
        return (Connection) Proxy.newProxyInstance(LogicalCaptureContract.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return result instanceof Statement s && !(result instanceof PreparedStatement) ? statement(s) : result;
                });
    }

    private static Statement statement(Statement real) {
        return (Statement) Proxy.newProxyInstance(LogicalCaptureContract.class.getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("executeQuery") && args != null && "SHOW wal_level".equals(args[0])) {
                        return real.executeQuery("SELECT 'replica'::text");
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static DataSource legacyDataSource() {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(TestDatabases.postgresUrl(TestDatabases.LEGACY));
        ds.setUser(TestDatabases.postgres().user());
        ds.setPassword(TestDatabases.postgres().password());
        return ds;
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
