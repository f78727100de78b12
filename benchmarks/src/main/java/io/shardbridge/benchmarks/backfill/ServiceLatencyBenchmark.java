package io.shardbridge.benchmarks.backfill;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.pool.ShardPools;
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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Issue #20: the service's p99 while a backfill copies, against without, side by side in one run. A
 * new-order-like write load (lock five stock rows {@code FOR UPDATE} in random order, update them,
 * insert five order lines; two client threads through one bridge instance in DUAL_WRITE) is measured
 * without a backfill, during a backfill run by a second process-like DataSource that serves no traffic
 * (as the CLI's {@code backfill}: it throttles on the latency the service instance publishes), during
 * the same backfill with the throttle off, and without again. Client-side latency of whole transactions.
 *
 * <pre>java -cp … io.shardbridge.benchmarks.backfill.ServiceLatencyBenchmark postgresql 150000 15</pre>
 * (target dialect, order lines seeded, seconds of each phase without a backfill)
 */
public final class ServiceLatencyBenchmark {
    private static final int WAREHOUSES = 10;
    private static final int ITEMS = 1000;
    private static final int CLIENTS = 2;

    private ServiceLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Dialect dialect = args.length > 0 && args[0].equalsIgnoreCase("mysql") ? Dialect.MYSQL : Dialect.POSTGRESQL;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 150_000;
        int quietSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int orders = Math.max(1, rows / (WAREHOUSES * 10 * 10));
        String base = TestTargets.yamlText(dialect);
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    bench_stock: { shard-key: s_w_id, tables-per-shard: 2, algorithm: hash-mod }
                    bench_oline: { shard-key: ol_w_id, tables-per-shard: 2, algorithm: hash-mod }
                migrations:
                  bench-oe: { tables: [bench_stock, bench_oline], phase: LEGACY_ONLY }
                """, "service-latency-benchmark.yaml");
        seed(config, orders);
        System.out.printf(Locale.ROOT, "%s target, %,d order lines + %,d stock rows, %d client threads; load average %s%n", dialect,
                orders * 1000L, WAREHOUSES * ITEMS, CLIENTS, loadAverage());
        try (BridgeDataSource service = open(config); BridgeDataSource operator = open(config)) {
            service.bridge().moveTo("bench-oe", MigrationPhase.DUAL_WRITE);
            Workload load = new Workload(service, orders);
            load.run(Duration.ofSeconds(5)); // warm-up, and the service's latency baseline settles
            report("without backfill", load.run(Duration.ofSeconds(quietSeconds)), null);
            report("backfill from a 2nd process, throttled", load.during(l -> operator.bridge().backfill("bench-oe").restart(true).run(l)), load);
            report("backfill from a 2nd process, no throttle", load.during(l -> operator.bridge().backfill("bench-oe").restart(true)
                    .latencyBackoff(1e9, Duration.ofMillis(1)).run(l)), load);
            report("without backfill, again", load.run(Duration.ofSeconds(quietSeconds)), null);
            System.out.printf(Locale.ROOT, "load average at the end %s%n", loadAverage());
        }
    }

    private static BridgeDataSource open(ShardbridgeConfig config) {
        return BridgeDataSource.builder(config).meterRegistry(new SimpleMeterRegistry()).requireBackfillBeforeReads(false)
                .repair(Duration.ZERO, Duration.ZERO).outsideWriteCatchUp(false).open(); // no replication slot left behind on legacy
    }

    private static void report(String label, Window w, Workload load) {
        System.out.printf(Locale.ROOT, "%-42s %,6d txns in %5.1f s = %5.1f txn/s, p50 %6.1f ms, p99 %7.1f ms, max %7.1f ms%s%n", label,
                w.latencies.size(), w.seconds, w.latencies.size() / w.seconds, w.percentile(0.50), w.percentile(0.99), w.percentile(1.0),
                w.backfill == null ? "" : String.format(Locale.ROOT, "; backfill %,d rows = %,.0f rows/s, paused %.1f s for the service",
                        w.backfill.rowsCopied(), w.backfill.rowsCopied() / w.seconds, w.paused));
        if (w.failures > 0) {
            System.out.printf(Locale.ROOT, "    %d transaction(s) failed (first: %s)%n", w.failures, w.firstFailure);
        }
    }

    /** One measured window: every transaction's latency, and the backfill run during it (null when none ran). */
    private static final class Window {
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        double seconds;
        Backfill.Result backfill;
        double paused;
        int failures;
        String firstFailure;

        double percentile(double p) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return 0;
            }
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
        }
    }

    @FunctionalInterface
    private interface Copy {
        Backfill.Result run(Backfill.Listener progress) throws SQLException;
    }

    /** The new-order-like transactions, on {@link #CLIENTS} threads. */
    private static final class Workload {
        private final BridgeDataSource ds;
        private final AtomicInteger nextOrder;

        Workload(BridgeDataSource ds, int seededOrders) {
            this.ds = ds;
            this.nextOrder = new AtomicInteger(seededOrders);
        }

        Window run(Duration length) throws InterruptedException {
            return measure(progress -> {
                try {
                    Thread.sleep(length.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
        }

        Window during(Copy copy) throws InterruptedException {
            return measure(copy);
        }

        private Window measure(Copy body) throws InterruptedException {
            Window w = new Window();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                Random random = new Random(20 + t);
                Thread client = new Thread(() -> {
                    while (!stop.get()) {
                        long started = System.nanoTime();
                        try {
                            newOrder(random);
                            w.latencies.add(System.nanoTime() - started);
                        } catch (SQLException e) {
                            synchronized (w) {
                                if (w.failures++ == 0) {
                                    w.firstFailure = e.getSQLState() + " " + e.getMessage();
                                }
                            }
                        }
                    }
                }, "new-order-" + t);
                clients.add(client);
                client.start();
            }
            long started = System.nanoTime();
            java.util.Map<String, Duration> paused = new java.util.concurrent.ConcurrentHashMap<>();
            try {
                w.backfill = body.run(p -> paused.put(p.table(), p.throttled()));
                w.paused = paused.values().stream().mapToLong(Duration::toMillis).sum() / 1000.0;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                w.seconds = (System.nanoTime() - started) / 1e9;
                stop.set(true);
                for (Thread client : clients) {
                    client.join();
                }
            }
            return w;
        }

        /** Lock five stock rows of one warehouse in random order, update them, insert the order's five lines. */
        private void newOrder(Random random) throws SQLException {
            int w = 1 + random.nextInt(WAREHOUSES);
            int d = 1 + random.nextInt(10);
            int o = nextOrder.incrementAndGet();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement lock = c.prepareStatement("SELECT s_quantity FROM bench_stock WHERE s_w_id = ? AND s_i_id = ? FOR UPDATE");
                     PreparedStatement update = c.prepareStatement("UPDATE bench_stock SET s_quantity = ? WHERE s_w_id = ? AND s_i_id = ?");
                     PreparedStatement line = c.prepareStatement("INSERT INTO bench_oline (ol_w_id, ol_d_id, ol_o_id, ol_number, ol_i_id, ol_amount, "
                             + "ol_delivery_d, ol_dist_info) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)")) {
                    for (int n = 1; n <= 5; n++) {
                        int item = 1 + random.nextInt(ITEMS);
                        lock.setInt(1, w);
                        lock.setInt(2, item);
                        int quantity;
                        try (ResultSet rs = lock.executeQuery()) {
                            quantity = rs.next() ? rs.getInt(1) : 0;
                        }
                        update.setInt(1, quantity > 10 ? quantity - 1 : quantity + 90);
                        update.setInt(2, w);
                        update.setInt(3, item);
                        update.executeUpdate();
                        line.setInt(1, w);
                        line.setInt(2, d);
                        line.setInt(3, o);
                        line.setInt(4, n);
                        line.setInt(5, item);
                        line.setBigDecimal(6, java.math.BigDecimal.valueOf(random.nextInt(10_000), 2));
                        line.setString(7, "dist-" + d);
                        line.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
    }

    private static void seed(ShardbridgeConfig config, int orders) throws SQLException {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_oline, bench_stock");
            st.execute("CREATE TABLE bench_stock (s_w_id integer NOT NULL, s_i_id integer NOT NULL, s_quantity integer NOT NULL, "
                    + "s_data varchar(50) NOT NULL, PRIMARY KEY (s_w_id, s_i_id))");
            st.execute("CREATE TABLE bench_oline (ol_w_id integer NOT NULL, ol_d_id smallint NOT NULL, ol_o_id integer NOT NULL, "
                    + "ol_number smallint NOT NULL, ol_i_id integer NOT NULL, ol_amount numeric(8,2) NOT NULL, ol_delivery_d timestamp, "
                    + "ol_dist_info char(24) NOT NULL, PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number))");
            st.execute("INSERT INTO bench_stock SELECT w, i, 50, rpad('stock-' || i, 40, 'x') FROM generate_series(1, " + WAREHOUSES
                    + ") w, generate_series(1, " + ITEMS + ") i");
            st.execute("INSERT INTO bench_oline SELECT w, d, o, n, (o * n) % " + ITEMS + " + 1, (o * 7 + n) / 4.0, "
                    + "timestamp '2026-01-01' + o * interval '1 minute', rpad('dist-' || d, 24, 'x') FROM generate_series(1, " + WAREHOUSES
                    + ") w, generate_series(1, 10) d, generate_series(1, " + orders + ") o, generate_series(1, 10) n");
            st.execute("VACUUM ANALYZE bench_stock");
            st.execute("VACUUM ANALYZE bench_oline");
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_backfill') IS NOT NULL THEN "
                    + "DELETE FROM shardbridge_backfill WHERE unit_name = 'bench-oe'; END IF; "
                    + "IF to_regclass('shardbridge_unit') IS NOT NULL THEN DELETE FROM shardbridge_unit WHERE unit_name = 'bench-oe'; END IF; "
                    + "IF to_regclass('shardbridge_intent') IS NOT NULL THEN DELETE FROM shardbridge_intent WHERE unit_name = 'bench-oe'; END IF; END $$");
        }
        try (ShardPools pools = ShardPools.open(config.target())) {
            for (DataSource shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    for (String t : List.of("bench_stock_0", "bench_stock_1", "bench_oline_0", "bench_oline_1")) {
                        st.execute("DROP TABLE IF EXISTS " + t);
                    }
                }
            }
            try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
                new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "bench_stock"),
                        PostgresCatalogReader.read(legacy, "public", "bench_oline")));
            }
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
