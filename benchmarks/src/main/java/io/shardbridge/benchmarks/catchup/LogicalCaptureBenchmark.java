package io.shardbridge.benchmarks.catchup;

import io.shardbridge.benchmarks.Percentiles;
import io.shardbridge.benchmarks.BenchSchema;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Issue #21 item 5. (1) A single-row UPDATE transaction through shardbridge with its unit in LEGACY_ONLY,
 * in DUAL_WRITE with {@code capture: statement} (mirrored on the caller's path) and in DUAL_WRITE with
 * {@code capture: logical} (mirrored by the replication stream), interleaved one transaction each in turn
 * so that the load of a shared machine hits the three alike. (2) The stream's lag under load: while
 * {@code writers} threads UPDATE the logical unit's table through shardbridge as fast as they can, another
 * thread INSERTs a row through shardbridge about every 5 ms, and a poller on the target notes when each
 * arrives; lag = arrival − the caller's commit returning.
 *
 * <pre>java -cp … io.shardbridge.benchmarks.catchup.LogicalCaptureBenchmark postgresql 3000 20 2</pre>
 * Arguments: target dialect, transactions per variant (default 3000), seconds of the lag run (20), writer threads (2).
 */
public final class LogicalCaptureBenchmark {
    private static final String[] UNITS = {"lcb_plain", "lcb_statement", "lcb_logical"};

    private LogicalCaptureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Dialect dialect = args.length > 0 && args[0].equalsIgnoreCase("mysql") ? Dialect.MYSQL : Dialect.POSTGRESQL;
        int operations = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int writers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(yaml(dialect), "logical-capture-benchmark.yaml");
        prepare(config);
        try (BridgeDataSource bridge = BridgeDataSource.builder(config).meterRegistry(new SimpleMeterRegistry())
                .repair(Duration.ZERO, Duration.ZERO).requireBackfillBeforeReads(false).open()) {
            bridge.bridge().moveTo("lcb_statement", MigrationPhase.DUAL_WRITE);
            bridge.bridge().moveTo("lcb_logical", MigrationPhase.DUAL_WRITE);
            bridge.bridge().backfill("lcb_logical").run(p -> { });
            CatchUpRuns.awaitConsumer(bridge, "lcb_logical");
            latency(bridge, dialect, operations);
            lag(bridge, dialect, seconds, writers);
            bridge.bridge().moveTo("lcb_logical", MigrationPhase.LEGACY_ONLY);
            bridge.bridge().moveTo("lcb_statement", MigrationPhase.LEGACY_ONLY);
        }
    }

    private static void latency(BridgeDataSource bridge, Dialect dialect, int operations) throws SQLException {
        String[] names = {"LEGACY_ONLY", "DUAL_WRITE, capture: statement", "DUAL_WRITE, capture: logical"};
        long[][] samples = new long[3][operations];
        int warmup = Math.max(500, operations / 10);
        for (int i = 0; i < warmup + operations; i++) {
            for (int k = 0; k < 3; k++) {
                int v = (i + k) % 3; // each variant first, second and third in turn
                long started = System.nanoTime();
                CatchUpRuns.update(bridge, UNITS[v], 1 + (i % 1000));
                if (i >= warmup) {
                    samples[v][i - warmup] = System.nanoTime() - started;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nsingle-row UPDATE transaction, legacy PostgreSQL -> %s shards, %d each, interleaved%n", BenchSchema.engine(dialect),
                operations);
        System.out.println("| variant | p50 µs | p90 µs | p99 µs | p50 vs LEGACY_ONLY |");
        System.out.println("|---|---:|---:|---:|---:|");
        double base = Percentiles.of(samples[0], 50) / 1000;
        for (int v = 0; v < 3; v++) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f× |%n", names[v], Percentiles.of(samples[v], 50) / 1000, Percentiles.of(samples[v], 90) / 1000,
                    Percentiles.of(samples[v], 99) / 1000, Percentiles.of(samples[v], 50) / 1000 / base);
        }
    }

    private static void lag(BridgeDataSource bridge, Dialect dialect, int seconds, int writers) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        AtomicLong updates = new AtomicLong();
        for (int w = 0; w < writers; w++) {
            threads.add(CatchUpRuns.start(() -> {
                while (!stop.get()) {
                    try {
                        CatchUpRuns.update(bridge, "lcb_logical", 1 + ThreadLocalRandom.current().nextInt(1000));
                        updates.incrementAndGet();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        ConcurrentHashMap<Long, Long> committed = new ConcurrentHashMap<>();
        ConcurrentHashMap<Long, Long> arrived = new ConcurrentHashMap<>();
        threads.add(CatchUpRuns.start(() -> {
            try (Connection c = bridge.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO lcb_logical (id, user_id, amount) VALUES (?, ?, 1)")) {
                long id = 1_000_000;
                while (!stop.get()) {
                    id++;
                    ps.setLong(1, id);
                    ps.setLong(2, id % 97);
                    ps.executeUpdate();
                    committed.put(id, System.nanoTime());
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        DataSource target = bridge.bridge().targetDataSource();
        Thread poller = CatchUpRuns.start(() -> {
            try (Connection c = target.getConnection()) {
                long giveUp = Long.MAX_VALUE;
                while (!stop.get() || (arrived.size() < committed.size() && System.nanoTime() < giveUp)) {
                    if (stop.get() && giveUp == Long.MAX_VALUE) {
                        giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    }
                    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM lcb_logical WHERE id > 1000000")) {
                        try (ResultSet rs = ps.executeQuery()) {
                            long now = System.nanoTime();
                            while (rs.next()) {
                                arrived.putIfAbsent(rs.getLong(1), now);
                            }
                        }
                    }
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        poller.join(60_000);
        long[] lags = committed.entrySet().stream().filter(e -> arrived.containsKey(e.getKey()))
                .mapToLong(e -> arrived.get(e.getKey()) - e.getValue()).toArray();
        System.out.printf(Locale.ROOT, "%ncapture: logical, stream lag, legacy PostgreSQL -> %s shards, %d s: %d INSERTs through shardbridge "
                        + "(one every ~5 ms) while %d thread(s) ran %d UPDATE transactions through shardbridge; %d of %d arrived%n", BenchSchema.engine(dialect),
                seconds, committed.size(), writers, updates.get(), lags.length, committed.size());
        System.out.println("| lag from the caller's commit to visible on the target | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| INSERT through shardbridge | %.1f | %.1f | %.1f | %.1f |%n", Percentiles.of(lags, 50) / 1e6,
                Percentiles.of(lags, 90) / 1e6, Percentiles.of(lags, 99) / 1e6, Percentiles.of(lags, 100) / 1e6);
    }

    private static void prepare(ShardbridgeConfig config) throws SQLException {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            for (String table : UNITS) {
                st.execute("DROP TABLE IF EXISTS " + table);
                st.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, user_id bigint NOT NULL, amount numeric(14,2) NOT NULL)");
                st.execute("INSERT INTO " + table + " SELECT g, g % 97, 0 FROM generate_series(1, 1000) g");
            }
            BenchSchema.forgetUnits(st, "lcb\\_%");
        }
        BenchSchema.reprovision(config, 2, List.of(UNITS));
    }

    private static String yaml(Dialect dialect) {
        return BenchSchema.yaml(dialect, """
                  tables:
                    lcb_plain: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                    lcb_statement: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                    lcb_logical: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                migrations:
                  lcb_plain: { tables: [lcb_plain], phase: LEGACY_ONLY }
                  lcb_statement: { tables: [lcb_statement], phase: LEGACY_ONLY }
                  lcb_logical: { tables: [lcb_logical], phase: LEGACY_ONLY, capture: logical }
                """);
    }
}
