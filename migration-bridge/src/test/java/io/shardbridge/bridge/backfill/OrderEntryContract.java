package io.shardbridge.bridge.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An order-entry schema on composite keys (DESIGN §12): {@code oe_order_line(ol_w_id integer, ol_d_id
 * varchar, ol_o_id bigint, ol_number smallint)} referencing {@code oe_stock(s_w_id, s_i_id)} referencing
 * {@code oe_warehouse}, foreign keys on legacy, the unit listing the children first. Backfill, verify,
 * bisection and repair forward; then, after the target alone took writes (TARGET_ONLY), the way back:
 * the reverse backfill routes ranges bounded on both sides, copies parents first, and leaves legacy
 * holding exactly the target's rows.
 */
abstract class OrderEntryContract {
    static final String[] TABLES = {"oe_order_line", "oe_stock", "oe_warehouse"};
    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = BridgeFixture.get(dialect());
        ds = fixture.dataSource();
        fixture.reset("orders", MigrationPhase.LEGACY_ONLY, TABLES);
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("INSERT INTO oe_warehouse SELECT w, 'w' || w FROM generate_series(1, 4) w");
            st.execute("INSERT INTO oe_stock SELECT w, i, 100 - i, 'stock ' || i FROM generate_series(1, 4) w, generate_series(1, 20) i");
            // district codes whose order differs between collations and byte order: 'D3' < 'd1' < 'd10' < 'd2' in bytes
            st.execute("INSERT INTO oe_order_line SELECT w, d, o, n, (o * n) % 20 + 1, (o * 7 + n) / 4.0, "
                    + "CASE WHEN o % 5 = 0 THEN NULL ELSE timestamp '2026-01-01 00:00:00.25' + o * interval '1 hour' END "
                    + "FROM generate_series(1, 4) w, unnest(ARRAY['d1', 'd10', 'd2', 'D3']) d, generate_series(1, 25) o, generate_series(1, 4) n");
        }
    }

    private void assertSidesEqual() throws SQLException {
        for (String table : TABLES) {
            assertThat(fixture.targetRows(table)).as(table).containsExactlyInAnyOrderElementsOf(fixture.legacyRows(table));
        }
    }

    private static List<String> described(VerifyReport report) {
        return report.differences().stream().map(d -> d.kind() + " " + d.table() + " " + d.key().values() + " " + d.columns()).toList();
    }

    @Test
    void compositeKeysGoForwardAndBackThroughBackfillVerifyBisectionAndRepair() throws SQLException {
        fixture.walk("orders", MigrationPhase.DUAL_WRITE);
        Backfill.Result forward = ds.bridge().backfill("orders").ranges(3).initialChunk(150).chunkTarget(Duration.ofMillis(100)).run(p -> { });
        assertThat(forward.rowsCopiedByTable()).containsEntry("oe_order_line", 1600L).containsEntry("oe_stock", 80L).containsEntry("oe_warehouse", 4L);
        assertSidesEqual();
        VerifyReport clean = ds.bridge().verifier("orders").chunkRows(150).leafRows(4).recheckAfter(Duration.ZERO).run();
        assertThat(described(clean)).as(clean.summary()).isEmpty();
        assertThat(clean.rowsCompared()).containsEntry("oe_order_line", 1600L);

        plantOnTarget(2, "DELETE FROM %s WHERE ol_w_id = 2 AND ol_d_id = 'd10' AND ol_o_id = 13 AND ol_number = 3");
        plantOnTarget(3, "UPDATE %s SET ol_amount = ol_amount + 0.01 WHERE ol_w_id = 3 AND ol_d_id = 'D3' AND ol_o_id = 24 AND ol_number = 1");
        plantOnTarget(4, "INSERT INTO %s VALUES (4, 'd2', 99, 9, 1, 1.00, NULL)");
        VerifyReport found = ds.bridge().verifier("orders").chunkRows(600).leafRows(3).recheckAfter(Duration.ZERO).run();
        assertThat(described(found)).containsExactlyInAnyOrder("MISSING oe_order_line [2, d10, 13, 3] []",
                "DIFFERENT oe_order_line [3, D3, 24, 1] [ol_amount]", "EXTRA oe_order_line [4, d2, 99, 9] []");
        assertThat(ds.bridge().repair("orders", found)).isEqualTo(3);
        assertThat(described(ds.bridge().verifier("orders").chunkRows(100).recheckAfter(Duration.ZERO).run())).isEmpty();

        // the target alone takes writes: a new warehouse with its stock and lines, changes, deletions
        fixture.walk("orders", MigrationPhase.TARGET_ONLY);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO oe_warehouse (w_id, w_name) VALUES (5, 'w5')");
            st.executeUpdate("INSERT INTO oe_stock (s_w_id, s_i_id, s_quantity, s_data) VALUES (5, 1, 10, 'new'), (5, 2, 20, 'new')");
            st.executeUpdate("INSERT INTO oe_order_line (ol_w_id, ol_d_id, ol_o_id, ol_number, ol_i_id, ol_amount) VALUES "
                    + "(5, 'd1', 1, 1, 1, 3.50), (5, 'd1', 1, 2, 2, 4.50), (1, 'd1', 26, 1, 7, 9.99)");
            st.executeUpdate("UPDATE oe_order_line SET ol_amount = 0 WHERE ol_w_id = 2 AND ol_d_id = 'd2' AND ol_o_id = 7");
            st.executeUpdate("DELETE FROM oe_order_line WHERE ol_w_id = 3 AND ol_d_id = 'd1' AND ol_o_id = 5");
            st.executeUpdate("DELETE FROM oe_order_line WHERE ol_w_id = 4 AND ol_i_id = 20");
            st.executeUpdate("DELETE FROM oe_stock WHERE s_w_id = 4 AND s_i_id = 20");
        }
        fixture.walk("orders", MigrationPhase.RAMP_DOWN);
        Backfill.Result back = ds.bridge().backfill("orders").ranges(3).initialChunk(170).chunkTarget(Duration.ofMillis(100)).run(p -> { });
        assertThat(back.into()).isEqualTo(MigrationPhase.Side.LEGACY);
        assertThat(back.complete()).isTrue();
        assertSidesEqual();
        VerifyReport backClean = ds.bridge().verifier("orders").chunkRows(150).leafRows(4).recheckAfter(Duration.ZERO).run();
        assertThat(described(backClean)).as(backClean.summary()).isEmpty();

        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE oe_order_line SET ol_delivery_d = NULL WHERE ol_w_id = 1 AND ol_d_id = 'd2' AND ol_o_id = 3 AND ol_number = 4");
        }
        VerifyReport legacyWrong = ds.bridge().verifier("orders").chunkRows(800).leafRows(3).recheckAfter(Duration.ZERO).run();
        assertThat(described(legacyWrong)).containsExactly("DIFFERENT oe_order_line [1, d2, 3, 4] [ol_delivery_d]");
        assertThat(ds.bridge().repair("orders", legacyWrong)).isEqualTo(1);
        assertSidesEqual();
    }

    /**
     * The service locks two stock rows {@code FOR UPDATE} in varying key order (descending half the time,
     * the order that closes a cycle with a chunk locking ascending) while backfills run, forward and back.
     * Each service thread keeps to its own warehouse, so only the backfill could close a cycle with it:
     * the service must see no error at all.
     */
    @Test
    void aServiceLockingRowsInAnyOrderNeverDeadlocksWithTheBackfill() throws Exception {
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("TRUNCATE oe_order_line"); // the stock rows are the contended ones; short passes, many of them
        }
        fixture.walk("orders", MigrationPhase.DUAL_WRITE);
        serviceLocksDuring(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            for (int pass = 0; pass < 1 || System.nanoTime() < until; pass++) {
                ds.bridge().backfill("orders").restart(true).initialChunk(15).chunkTarget(Duration.ofMillis(20)).run(p -> { });
            }
        });
        fixture.walk("orders", MigrationPhase.TARGET_ONLY);
        fixture.walk("orders", MigrationPhase.RAMP_DOWN);
        serviceLocksDuring(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            for (int pass = 0; pass < 1 || System.nanoTime() < until; pass++) {
                ds.bridge().backfill("orders").restart(true).initialChunk(15).chunkTarget(Duration.ofMillis(20)).run(p -> { });
            }
        });
        ds.bridge().drainIntents("orders");
        assertThat(fixture.targetRows("oe_stock")).containsExactlyInAnyOrderElementsOf(fixture.legacyRows("oe_stock"));
    }

    interface Work {
        void run() throws Exception;
    }

    private void serviceLocksDuring(Work backfills) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger transactions = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> service = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            java.util.Random random = new java.util.Random(77 + t);
            service.add(pool.submit(() -> {
                while (!stop.get()) {
                    int w = 1 + thread; // a warehouse per thread
                    int a = 1 + random.nextInt(20);
                    int b = 1 + random.nextInt(20);
                    if (a == b) {
                        continue;
                    }
                    try (Connection c = ds.getConnection()) {
                        c.setAutoCommit(false);
                        try (java.sql.PreparedStatement lock = c.prepareStatement("SELECT s_quantity FROM oe_stock WHERE s_w_id = ? AND s_i_id = ? FOR UPDATE");
                             java.sql.PreparedStatement update = c.prepareStatement("UPDATE oe_stock SET s_quantity = s_quantity + 1 WHERE s_w_id = ? AND s_i_id = ?")) {
                            for (int item : new int[] {a, b}) {
                                lock.setInt(1, w);
                                lock.setLong(2, item);
                                lock.executeQuery().close();
                                Thread.sleep(10); // holding the first lock: the window a chunk locking ascending closes a cycle in
                            }
                            for (int item : new int[] {a, b}) {
                                update.setInt(1, w);
                                update.setLong(2, item);
                                update.executeUpdate();
                            }
                            c.commit();
                            transactions.incrementAndGet();
                        } catch (SQLException e) {
                            errors.add(e.getSQLState() + "/" + e.getErrorCode() + " " + e.getMessage());
                            c.rollback();
                        }
                    }
                }
                return null;
            }));
        }
        try {
            backfills.run();
        } finally {
            stop.set(true);
            for (java.util.concurrent.Future<?> f : service) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        assertThat(transactions.get()).isGreaterThan(20);
        assertThat(errors).as("errors the service saw").isEmpty();
    }

    /** Runs a statement on the target's physical order_line table that holds warehouse {@code w}. */
    private void plantOnTarget(long w, String sql) throws SQLException {
        PhysicalTable physical = fixture.layout("oe_order_line").locate(w);
        try (Connection c = fixture.shardConnection(physical.shard()); Statement st = c.createStatement()) {
            st.executeUpdate(sql.formatted(physical.table()));
        }
    }
}
