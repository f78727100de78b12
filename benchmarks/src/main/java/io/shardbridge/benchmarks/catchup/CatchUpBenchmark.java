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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Issue #21's figures. (1) What the safety net costs the service: a single-row UPDATE transaction through
 * shardbridge in LEGACY_ONLY, in DUAL_WRITE with {@code catch-up: false}, and in DUAL_WRITE with the
 * catch-up consuming its slot, interleaved one transaction each in turn. (2) The catch-up lag: while the
 * service writes through shardbridge on {@code writers} threads, another connection inserts rows straight
 * into legacy at a fixed rate, and a poller on the target notes when each arrives; lag = arrival − commit.
 *
 * <pre>java -cp … io.shardbridge.benchmarks.catchup.CatchUpBenchmark postgresql 5000 20 2</pre>
 * Arguments: target dialect, transactions per variant (default 5000), seconds of the lag run (20), service writer threads (2).
 */
public final class CatchUpBenchmark {
    private CatchUpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Dialect dialect = args.length > 0 && args[0].equalsIgnoreCase("mysql") ? Dialect.MYSQL : Dialect.POSTGRESQL;
        int operations = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int writers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(yaml(dialect), "catch-up-benchmark.yaml");
        prepare(config);
        try (BridgeDataSource bridge = BridgeDataSource.builder(config).meterRegistry(new SimpleMeterRegistry())
                .repair(Duration.ZERO, Duration.ZERO).requireBackfillBeforeReads(false).open()) {
            bridge.bridge().moveTo("cu_without", MigrationPhase.DUAL_WRITE);
            bridge.bridge().moveTo("cu_with", MigrationPhase.DUAL_WRITE);
            CatchUpRuns.awaitConsumer(bridge, "cu_with");
            latency(bridge, dialect, operations);
            lag(bridge, dialect, seconds, writers);
            bridge.bridge().moveTo("cu_with", MigrationPhase.LEGACY_ONLY);
            bridge.bridge().moveTo("cu_without", MigrationPhase.LEGACY_ONLY);
        }
    }

    private static void latency(BridgeDataSource bridge, Dialect dialect, int operations) throws SQLException {
        String[] tables = {"cu_plain", "cu_without", "cu_with"};
        String[] names = {"shardbridge, LEGACY_ONLY", "shardbridge, DUAL_WRITE, catch-up: false", "shardbridge, DUAL_WRITE, catch-up consuming"};
        long[][] samples = new long[3][operations];
        int warmup = Math.max(500, operations / 10);
        for (int i = 0; i < warmup + operations; i++) {
            for (int k = 0; k < 3; k++) {
                int v = (i + k) % 3;
                long started = System.nanoTime();
                CatchUpRuns.update(bridge, tables[v], 1 + (i % 1000));
                if (i >= warmup) {
                    samples[v][i - warmup] = System.nanoTime() - started;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nsingle-row UPDATE transaction, legacy PostgreSQL -> %s shards, %d each, interleaved%n", BenchSchema.engine(dialect), operations);
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
        long[] serviceWrites = new long[writers];
        for (int w = 0; w < writers; w++) {
            int me = w;
            threads.add(CatchUpRuns.start(() -> {
                while (!stop.get()) {
                    try {
                        CatchUpRuns.update(bridge, "cu_with", 1 + ThreadLocalRandom.current().nextInt(1000));
                        serviceWrites[me]++;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        ConcurrentHashMap<Long, Long> committed = new ConcurrentHashMap<>();
        ConcurrentHashMap<Long, Long> arrived = new ConcurrentHashMap<>();
        threads.add(CatchUpRuns.start(() -> {
            try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY);
                 PreparedStatement ps = c.prepareStatement("INSERT INTO cu_with (id, user_id, amount) VALUES (?, ?, 1)")) {
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
            long seen = 1_000_000;
            try (Connection c = target.getConnection()) {
                long giveUp = Long.MAX_VALUE;
                while (!stop.get() || (arrived.size() < committed.size() && System.nanoTime() < giveUp)) {
                    if (stop.get() && giveUp == Long.MAX_VALUE) {
                        giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    }
                    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM cu_with WHERE id > ?")) {
                        ps.setLong(1, seen);
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
        List<Long> missing = committed.keySet().stream().filter(id -> !arrived.containsKey(id)).sorted().toList();
        if (!missing.isEmpty()) {
            System.out.println("NOT ON THE TARGET after 30 s: " + missing + "\n" + bridge.bridge().safetyNet("cu_with").describe());
        }
        long[] lags = committed.entrySet().stream().filter(e -> arrived.containsKey(e.getKey()))
                .mapToLong(e -> arrived.get(e.getKey()) - e.getValue()).toArray();
        System.out.printf(Locale.ROOT, "%ncatch-up lag, legacy PostgreSQL -> %s shards, %d s: %d outside INSERTs on legacy (one every ~5 ms), "
                        + "%d service UPDATE transactions through shardbridge on %d thread(s) meanwhile; %d of %d arrived%n", BenchSchema.engine(dialect), seconds,
                committed.size(), Arrays.stream(serviceWrites).sum(), writers, lags.length, committed.size());
        System.out.println("| lag from legacy commit to visible on the target | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| outside INSERT | %.1f | %.1f | %.1f | %.1f |%n", Percentiles.of(lags, 50) / 1e6, Percentiles.of(lags, 90) / 1e6,
                Percentiles.of(lags, 99) / 1e6, Percentiles.of(lags, 100) / 1e6);
    }

    private static void prepare(ShardbridgeConfig config) throws SQLException {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            for (String table : List.of("cu_plain", "cu_without", "cu_with")) {
                st.execute("DROP TABLE IF EXISTS " + table);
                st.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, user_id bigint NOT NULL, amount numeric(14,2) NOT NULL)");
                st.execute("INSERT INTO " + table + " SELECT g, g % 97, 0 FROM generate_series(1, 1000) g");
            }
            BenchSchema.forgetUnits(st, "cu\\_%");
        }
        BenchSchema.reprovision(config, 2, List.of("cu_plain", "cu_without", "cu_with"));
    }

    private static String yaml(Dialect dialect) {
        return BenchSchema.yaml(dialect, """
                  tables:
                    cu_plain: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                    cu_without: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                    cu_with: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                migrations:
                  cu_plain: { tables: [cu_plain], phase: LEGACY_ONLY }
                  cu_without: { tables: [cu_without], phase: LEGACY_ONLY, catch-up: false }
                  cu_with: { tables: [cu_with], phase: LEGACY_ONLY }
                """);
    }
}
