package io.shardbridge.benchmarks.keys;

import io.shardbridge.benchmarks.BenchSchema;
import io.shardbridge.benchmarks.Percentiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Issue #17's figure: what filling a sequence key costs an INSERT once the target is authoritative. One
 * {@code bigserial} table in LIVE (captured on the shards, mirrored to legacy); three variants run
 * interleaved, one INSERT each in turn, in autocommit with a connection from the pool per INSERT: the
 * INSERT gives its key; it leaves the key out and shardbridge fills it from the shared allocator; it
 * leaves it out and asks for it back ({@code RETURN_GENERATED_KEYS}).
 *
 * <pre>mvn -q -DskipTests install &amp;&amp; mvn -q -pl benchmarks exec:java \
 *     -Dexec.mainClass=io.shardbridge.benchmarks.keys.KeyAllocationBenchmark -Dexec.args="postgresql 5000 1000"</pre>
 * Arguments: target dialect ({@code postgresql} or {@code mysql}), INSERTs per variant (default 5000), key block size (default 1000).
 */
public final class KeyAllocationBenchmark {
    private static final String TABLE = "bench_keys";

    private KeyAllocationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Dialect dialect = args.length > 0 && args[0].equalsIgnoreCase("mysql") ? Dialect.MYSQL : Dialect.POSTGRESQL;
        int operations = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int blockSize = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(yaml(dialect, blockSize), "key-allocation-benchmark.yaml");
        prepare(config);
        try (BridgeDataSource bridge = BridgeDataSource.builder(config).meterRegistry(new SimpleMeterRegistry())
                .repair(Duration.ZERO, Duration.ZERO).open()) {
            long[] explicitKey = {-1}; // counting down: out of the way of the allocated keys, which count up
            List<Variant> variants = List.of(
                    new Variant("explicit key (the INSERT gives id)", c -> {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (id, user_id, amount, note) VALUES (?, ?, ?, ?)")) {
                            ps.setLong(1, explicitKey[0]--);
                            bind(ps, 2);
                            ps.executeUpdate();
                        }
                    }),
                    new Variant("allocated key (id left out)", c -> {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (user_id, amount, note) VALUES (?, ?, ?)")) {
                            bind(ps, 1);
                            ps.executeUpdate();
                        }
                    }),
                    new Variant("allocated key + getGeneratedKeys()", c -> {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (user_id, amount, note) VALUES (?, ?, ?)",
                                Statement.RETURN_GENERATED_KEYS)) {
                            bind(ps, 1);
                            ps.executeUpdate();
                            try (ResultSet keys = ps.getGeneratedKeys()) {
                                if (!keys.next()) {
                                    throw new IllegalStateException("no generated key");
                                }
                            }
                        }
                    }));
            int warmup = Math.max(500, operations / 10);
            for (int i = 0; i < warmup + operations; i++) {
                for (int k = 0; k < variants.size(); k++) {
                    Variant v = variants.get((i + k) % variants.size());
                    try (Connection c = bridge.getConnection()) {
                        long started = System.nanoTime();
                        v.body.run(c);
                        if (i >= warmup) {
                            v.record(System.nanoTime() - started);
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%nsingle-row INSERT in LIVE (autocommit, captured on the shards, mirrored to legacy), legacy PostgreSQL -> %s shards, "
                    + "%d INSERTs each, key blocks of %d%n", dialect == Dialect.MYSQL ? "MariaDB" : "PostgreSQL", operations, blockSize);
            System.out.println("| variant | p50 µs | p90 µs | p99 µs | mean µs | p50 vs explicit key |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            double explicit = variants.get(0).percentile(50);
            for (Variant v : variants) {
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.2f× |%n", v.name, v.percentile(50), v.percentile(90),
                        v.percentile(99), v.mean(), v.percentile(50) / explicit);
            }
        }
    }

    private static void bind(PreparedStatement ps, int first) throws SQLException {
        ps.setLong(first, ThreadLocalRandom.current().nextLong(1_000_000));
        ps.setBigDecimal(first + 1, BigDecimal.valueOf(ThreadLocalRandom.current().nextInt(100_000), 2));
        ps.setString(first + 2, "payment");
    }

    @FunctionalInterface
    private interface Body {
        void run(Connection c) throws SQLException;
    }

    private static final class Variant {
        final String name;
        final Body body;
        long[] samples = new long[1024];
        int count;

        Variant(String name, Body body) {
            this.name = name;
            this.body = body;
        }

        void record(long nanos) {
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = nanos;
        }

        double percentile(double p) {
            return Percentiles.of(Arrays.copyOf(samples, count), p) / 1000.0;
        }

        double mean() {
            return Arrays.stream(samples, 0, count).sum() / 1000.0 / count;
        }
    }

    /** A fresh table on legacy and the shards, and no recorded phase or key space for the unit (it opens straight in LIVE). */
    private static void prepare(ShardbridgeConfig config) throws SQLException {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("CREATE TABLE " + TABLE + " (id bigserial PRIMARY KEY, user_id bigint NOT NULL, amount numeric(14,2) NOT NULL, note varchar(64) NOT NULL)");
            st.execute("INSERT INTO " + TABLE + " (user_id, amount, note) SELECT g, 1, 'before' FROM generate_series(1, 1000) g");
            BenchSchema.forgetUnits(st, "keys");
        }
        BenchSchema.reprovision(config, 2, List.of(TABLE));
    }

    private static String yaml(Dialect dialect, int blockSize) {
        return BenchSchema.yaml(dialect, """
                  tables:
                    %s: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                migrations:
                  keys: { tables: [%s], phase: LIVE, key-block-size: %d }
                """.formatted(TABLE, TABLE, blockSize));
    }
}
