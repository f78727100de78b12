package io.shardbridge.benchmarks.flip;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write pause at the authority flip (issue #5): three instances of a service (three DataSources in
 * one JVM, production control timing: 100 ms heartbeat) each run two writer threads of single-row
 * UPDATE transactions while one of them flips the unit SHADOW → LIVE and back, repeatedly. For each
 * flip the pause is the longest time any write that overlapped it took; reported as p50 / p99 / max over
 * the flips, next to the writes' p50 outside flips.
 *
 * <pre>mvn -q -DskipTests install &amp;&amp; mvn -q -pl benchmarks exec:java \
 *   -Dexec.mainClass=io.shardbridge.benchmarks.flip.FlipPauseBenchmark -Dexec.args="postgresql 40"</pre>
 */
public final class FlipPauseBenchmark {
    private static final String UNIT = "flip";

    private FlipPauseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Dialect dialect = args.length > 0 && args[0].equalsIgnoreCase("mysql") ? Dialect.MYSQL : Dialect.POSTGRESQL;
        int flips = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        String base = TestTargets.yamlText(dialect);
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    flip_row: { shard-key: id, tables-per-shard: 2, algorithm: mod }
                migrations:
                  flip: { tables: [flip_row], phase: LEGACY_ONLY }
                """, "flip-benchmark.yaml");
        prepare(config);
        List<BridgeDataSource> instances = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> samples = Collections.synchronizedList(new ArrayList<>()); // {start, end} of every write
        AtomicLong failures = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                instances.add(BridgeDataSource.builder(config).meterRegistry(new SimpleMeterRegistry()).instanceId("bench-" + i).open());
            }
            BridgeDataSource coordinator = instances.get(0);
            coordinator.bridge().moveTo(UNIT, MigrationPhase.DUAL_WRITE);
            coordinator.bridge().backfill(UNIT).run(p -> { });
            if (!coordinator.bridge().verifier(UNIT).run().equal()) {
                throw new IllegalStateException("the backfilled unit does not verify equal");
            }
            coordinator.bridge().moveTo(UNIT, MigrationPhase.SHADOW);
            for (BridgeDataSource ds : instances) {
                for (int t = 0; t < 2; t++) {
                    Random random = new Random(writers.size());
                    Thread w = new Thread(() -> {
                        while (!stop.get()) {
                            long started = System.nanoTime();
                            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                                    "UPDATE flip_row SET val = val + 1 WHERE id = ?")) {
                                ps.setLong(1, 1 + random.nextInt(10_000));
                                ps.executeUpdate();
                                samples.add(new long[] {started, System.nanoTime()});
                            } catch (SQLException e) {
                                failures.incrementAndGet();
                            }
                        }
                    });
                    w.setDaemon(true);
                    writers.add(w);
                    w.start();
                }
            }
            Thread.sleep(2000);
            List<long[]> windows = new ArrayList<>();
            for (int i = 0; i < flips; i++) {
                MigrationPhase to = i % 2 == 0 ? MigrationPhase.LIVE : MigrationPhase.SHADOW;
                long started = System.nanoTime();
                coordinator.bridge().moveTo(UNIT, to);
                windows.add(new long[] {started, System.nanoTime()});
                Thread.sleep(500);
            }
            stop.set(true);
            for (Thread w : writers) {
                w.join(5000);
            }
            if (coordinator.bridge().phase(UNIT) == MigrationPhase.LIVE) {
                coordinator.bridge().moveTo(UNIT, MigrationPhase.SHADOW);
            }
            report(dialect, flips, windows, new ArrayList<>(samples), failures.get());
        } finally {
            stop.set(true);
            for (BridgeDataSource ds : instances) {
                ds.close();
            }
        }
    }

    private static void report(Dialect dialect, int flips, List<long[]> windows, List<long[]> writes, long failures) {
        List<Long> pauses = new ArrayList<>();
        List<Long> flipTimes = new ArrayList<>();
        for (long[] window : windows) {
            long pause = writes.stream().filter(w -> w[1] >= window[0] && w[0] <= window[1]).mapToLong(w -> w[1] - w[0]).max().orElse(0);
            pauses.add(pause);
            flipTimes.add(window[1] - window[0]);
        }
        List<Long> outside = new ArrayList<>();
        for (long[] w : writes) {
            boolean during = windows.stream().anyMatch(window -> w[1] >= window[0] && w[0] <= window[1]);
            if (!during) {
                outside.add(w[1] - w[0]);
            }
        }
        Collections.sort(pauses);
        Collections.sort(flipTimes);
        Collections.sort(outside);
        System.out.printf(Locale.ROOT, "%s shards, 3 instances x 2 writers, %d flips (SHADOW <-> LIVE), %,d writes, %d failed%n",
                dialect == Dialect.POSTGRESQL ? "PostgreSQL" : "MariaDB", flips, writes.size(), failures);
        System.out.printf(Locale.ROOT, "write pause per flip (longest write overlapping it): p50 %d ms, p99 %d ms, max %d ms%n",
                ms(percentile(pauses, 0.5)), ms(percentile(pauses, 0.99)), ms(pauses.get(pauses.size() - 1)));
        System.out.printf(Locale.ROOT, "flip duration (move start to every instance there): p50 %d ms, p99 %d ms%n",
                ms(percentile(flipTimes, 0.5)), ms(percentile(flipTimes, 0.99)));
        System.out.printf(Locale.ROOT, "writes outside flips: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", percentile(outside, 0.5) / 1e6,
                percentile(outside, 0.99) / 1e6, percentile(outside, 0.999) / 1e6, outside.isEmpty() ? 0 : outside.get(outside.size() - 1) / 1e6);
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void prepare(ShardbridgeConfig config) throws SQLException {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS flip_row");
            st.execute("CREATE TABLE flip_row (id bigint PRIMARY KEY, val bigint NOT NULL)");
            st.execute("INSERT INTO flip_row SELECT g, 0 FROM generate_series(1, 10000) g");
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_unit') IS NOT NULL THEN DELETE FROM shardbridge_unit WHERE unit_name = 'flip'; "
                    + "DELETE FROM shardbridge_instance WHERE unit_name = 'flip'; END IF; "
                    + "IF to_regclass('shardbridge_backfill') IS NOT NULL THEN DELETE FROM shardbridge_backfill WHERE unit_name = 'flip'; END IF; END $$");
        }
        try (ShardPools pools = ShardPools.open(config.target())) {
            for (var shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS flip_row_0");
                    st.execute("DROP TABLE IF EXISTS flip_row_1");
                }
            }
            try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
                new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "flip_row")));
            }
        }
    }
}
