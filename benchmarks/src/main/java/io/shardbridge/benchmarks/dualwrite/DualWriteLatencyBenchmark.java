package io.shardbridge.benchmarks.dualwrite;

import io.shardbridge.benchmarks.BenchSchema;
import io.shardbridge.benchmarks.Percentiles;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Issue #3's performance figure: the latency of a single-row write transaction in DUAL_WRITE against
 * LEGACY_ONLY, side by side in one run (and against plain pgjdbc through HikariCP, for scale). The three
 * variants run interleaved, one operation each in turn, so drift on the machine hits all of them alike.
 *
 * <pre>mvn -q -DskipTests install &amp;&amp; mvn -q -pl benchmarks exec:java -Dexec.args="postgresql 20000"</pre>
 * Arguments: target dialect ({@code postgresql} or {@code mysql}), operations per variant (default 20000), mirror worker
 * threads (default 64; 1 makes every mirror transaction run on the caller's thread, since the one worker is busy).
 */
public final class DualWriteLatencyBenchmark {
    private static final String LEGACY_DDL = """
            DROP TABLE IF EXISTS bench_plain, bench_dual;
            CREATE TABLE bench_plain (id bigserial PRIMARY KEY, user_id bigint NOT NULL, amount numeric(14,2) NOT NULL,
                                      note varchar(64) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE bench_dual (id bigserial PRIMARY KEY, user_id bigint NOT NULL, amount numeric(14,2) NOT NULL,
                                     note varchar(64) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            """;

    private DualWriteLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Dialect dialect = args.length > 0 && args[0].equalsIgnoreCase("mysql") ? Dialect.MYSQL : Dialect.POSTGRESQL;
        int operations = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int mirrorThreads = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(yaml(dialect), "dual-write-benchmark.yaml");
        prepareTables(config);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BridgeDataSource bridge = BridgeDataSource.builder(config).meterRegistry(registry)
                .repair(Duration.ZERO, Duration.ZERO).mirrorThreads(mirrorThreads).open()) {
            DataSource direct = bridge.bridge().legacyDataSource();
            List<Variant> variants = List.of(
                    new Variant("pgjdbc + HikariCP, no shardbridge", direct, "bench_plain"),
                    new Variant("shardbridge, LEGACY_ONLY", bridge, "bench_plain"),
                    new Variant("shardbridge, DUAL_WRITE", bridge, "bench_dual"));
            for (String kind : List.of("insert", "update")) {
                for (Variant v : variants) {
                    v.reset();
                }
                int warmup = Math.max(1000, operations / 10);
                for (int i = 0; i < warmup + operations; i++) {
                    for (int k = 0; k < variants.size(); k++) {
                        Variant v = variants.get((i + k) % variants.size());
                        long started = System.nanoTime();
                        v.run(kind, i);
                        if (i >= warmup) {
                            v.record(System.nanoTime() - started);
                        }
                    }
                }
                report(kind, dialect, operations, variants);
            }
            System.out.println();
            System.out.println("Where a DUAL_WRITE transaction spends its time (unit 'dual', p50 µs; capture is the caller's statement, the next four its commit;");
            System.out.println("mirror-apply and mirror-commit run on a mirror worker: the apply overlaps 'intents', the commit follows the caller's return):");
            for (String stage : List.of("capture", "images", "intents", "mirror-apply-wait", "authoritative-commit", "mirror-apply", "mirror-commit")) {
                Timer timer = registry.find("shardbridge.dualwrite.stage").tag("unit", "dual").tag("stage", stage).timer();
                if (timer != null) {
                    System.out.printf(Locale.ROOT, "  %-22s %8.1f%n", stage, p50Micros(timer));
                }
            }
        }
    }

    private static double p50Micros(Timer timer) {
        for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
            if (p.percentile() == 0.5) {
                return p.value(java.util.concurrent.TimeUnit.MICROSECONDS);
            }
        }
        return Double.NaN;
    }

    private static void report(String kind, Dialect dialect, int operations, List<Variant> variants) {
        System.out.printf(Locale.ROOT, "%nsingle-row %s transaction (autocommit off, statement, commit), legacy PostgreSQL -> %s shards, %d operations each%n",
                kind.toUpperCase(Locale.ROOT), dialect == Dialect.MYSQL ? "MariaDB" : "PostgreSQL", operations);
        System.out.println("| variant | p50 µs | p90 µs | p99 µs | mean µs | p50 vs LEGACY_ONLY |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double legacyOnly = variants.get(1).percentile(50);
        for (Variant v : variants) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.2f× |%n", v.name, v.percentile(50), v.percentile(90),
                    v.percentile(99), v.mean(), v.percentile(50) / legacyOnly);
        }
    }

    /** One way of running the same transaction. */
    private static final class Variant {
        final String name;
        final DataSource dataSource;
        final String table;
        long[] samples = new long[1024];
        int count;

        Variant(String name, DataSource dataSource, String table) {
            this.name = name;
            this.dataSource = dataSource;
            this.table = table;
        }

        void run(String kind, int i) throws SQLException {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                if (kind.equals("insert")) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (user_id, amount, note) VALUES (?, ?, ?)")) {
                        ps.setLong(1, ThreadLocalRandom.current().nextLong(1_000_000));
                        ps.setBigDecimal(2, BigDecimal.valueOf(i, 2));
                        ps.setString(3, "payment " + i);
                        ps.executeUpdate();
                    }
                } else {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET amount = amount + 1 WHERE id = ?")) {
                        ps.setLong(1, 1 + (i % 1000));
                        ps.executeUpdate();
                    }
                }
                c.commit();
                c.setAutoCommit(true);
            }
        }

        void record(long nanos) {
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = nanos;
        }

        void reset() {
            count = 0;
        }

        double percentile(double p) {
            return Percentiles.of(Arrays.copyOf(samples, count), p) / 1000.0;
        }

        double mean() {
            long sum = 0;
            for (int i = 0; i < count; i++) {
                sum += samples[i];
            }
            return sum / 1000.0 / count;
        }
    }

    private static void prepareTables(ShardbridgeConfig config) throws SQLException {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute(LEGACY_DDL);
            // start every run from an empty, vacuumed intent table (leftovers of an interrupted run would skew it)
            try (var rs = st.executeQuery("SELECT to_regclass('shardbridge_intent') IS NOT NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    st.execute("DELETE FROM shardbridge_intent WHERE unit_name IN ('plain', 'dual')");
                    st.execute("VACUUM ANALYZE shardbridge_intent");
                }
            }
        }
        BenchSchema.reprovision(config, 2, List.of("bench_plain", "bench_dual"));
    }

    private static String yaml(Dialect dialect) {
        return BenchSchema.yaml(dialect, """
                  tables:
                    bench_plain: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                    bench_dual: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                migrations:
                  plain: { tables: [bench_plain], phase: LEGACY_ONLY }
                  dual: { tables: [bench_dual], phase: DUAL_WRITE }
                """);
    }
}
