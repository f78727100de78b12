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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Issue #20: backfill and verification on an order-line table with a four-column key
 * {@code (ol_w_id, ol_d_id, ol_o_id, ol_number)} against the same rows under a single bigint key, in
 * one run: forward (legacy → target, DUAL_WRITE) and back (target → legacy, RAMP_DOWN), in rows/s.
 *
 * <pre>mvn -q -o -pl benchmarks -am package -DskipTests; java -cp … io.shardbridge.benchmarks.backfill.CompositeKeyBenchmark postgresql 1000000</pre>
 */
public final class CompositeKeyBenchmark {
    private CompositeKeyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Dialect dialect = args.length > 0 && args[0].equalsIgnoreCase("mysql") ? Dialect.MYSQL : Dialect.POSTGRESQL;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int orders = Math.max(1, rows / 1000); // 10 warehouses x 10 districts x orders x 10 lines
        String base = TestTargets.yamlText(dialect);
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    bench_ol: { shard-key: ol_w_id, tables-per-shard: 2, algorithm: hash-mod }
                    bench_ol1: { shard-key: ol_w_id, tables-per-shard: 2, algorithm: hash-mod }
                migrations:
                  bench-ol: { tables: [bench_ol], phase: LEGACY_ONLY }
                  bench-ol1: { tables: [bench_ol1], phase: LEGACY_ONLY }
                """, "composite-key-benchmark.yaml");
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_ol, bench_ol1");
            String columns = "ol_w_id integer NOT NULL, ol_d_id smallint NOT NULL, ol_o_id integer NOT NULL, ol_number smallint NOT NULL, "
                    + "ol_i_id integer NOT NULL, ol_amount numeric(8,2) NOT NULL, ol_delivery_d timestamp, ol_dist_info char(24) NOT NULL";
            st.execute("CREATE TABLE bench_ol (" + columns + ", PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number))");
            st.execute("CREATE TABLE bench_ol1 (id bigint PRIMARY KEY, " + columns + ")");
            String select = " w, d, o, n, (o * n) % 100000, (o * 7 + n) / 4.0, timestamp '2026-01-01' + o * interval '1 minute', "
                    + "rpad('dist-' || d, 24, 'x') FROM generate_series(1, 10) w, generate_series(1, 10) d, generate_series(1, " + orders
                    + ") o, generate_series(1, 10) n";
            st.execute("INSERT INTO bench_ol SELECT" + select);
            st.execute("INSERT INTO bench_ol1 SELECT row_number() OVER (ORDER BY w, d, o, n)," + select);
            st.execute("VACUUM ANALYZE bench_ol");
            st.execute("VACUUM ANALYZE bench_ol1");
        }
        try (ShardPools pools = ShardPools.open(config.target())) {
            for (DataSource shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    for (String t : List.of("bench_ol_0", "bench_ol_1", "bench_ol1_0", "bench_ol1_1")) {
                        st.execute("DROP TABLE IF EXISTS " + t);
                    }
                }
            }
            try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
                new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "bench_ol"),
                        PostgresCatalogReader.read(legacy, "public", "bench_ol1")));
            }
        }
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_backfill') IS NOT NULL THEN "
                    + "DELETE FROM shardbridge_backfill WHERE unit_name IN ('bench-ol', 'bench-ol1'); END IF; END $$");
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_unit') IS NOT NULL THEN "
                    + "DELETE FROM shardbridge_unit WHERE unit_name IN ('bench-ol', 'bench-ol1'); END IF; END $$");
        }
        System.out.printf(Locale.ROOT, "%s target, %,d rows per table (%d orders x 10 lines x 100 districts)%n", dialect, orders * 1000L, orders);
        try (BridgeDataSource ds = BridgeDataSource.builder(config).meterRegistry(new SimpleMeterRegistry()).requireBackfillBeforeReads(false)
                .repair(Duration.ZERO, Duration.ZERO).open()) {
            chunkQueryCost("legacy PostgreSQL, bench_ol", ds.bridge().legacyDataSource(), Dialect.POSTGRESQL, "bench_ol", orders);
            for (String unit : List.of("bench-ol1", "bench-ol")) {
                ds.bridge().moveTo(unit, MigrationPhase.DUAL_WRITE);
                measure(ds, unit, "forward");
                if (unit.equals("bench-ol") && dialect == Dialect.MYSQL) {
                    try (ShardPools pools = ShardPools.open(config.target())) {
                        DataSource shard = pools.byShard().values().iterator().next();
                        chunkQueryCost("MariaDB shard, bench_ol_0", shard, Dialect.MYSQL, "bench_ol_0", orders);
                    }
                }
                for (MigrationPhase p : List.of(MigrationPhase.SHADOW, MigrationPhase.LIVE, MigrationPhase.RAMP_DOWN, MigrationPhase.TARGET_ONLY,
                        MigrationPhase.RAMP_DOWN)) {
                    ds.bridge().moveTo(unit, p);
                }
                measure(ds, unit, "back");
            }
        }
    }

    /**
     * The baseline side by side: one 1,000-row keyset chunk read from the middle of the table with the
     * old OR chain, the row-value comparison and the nested form, 20 times each (ms per chunk).
     */
    static void chunkQueryCost(String label, DataSource source, Dialect dialect, String table, int orders) throws SQLException {
        String q = dialect == Dialect.POSTGRESQL ? "\"" : "";
        String w = q + "ol_w_id" + q, d = q + "ol_d_id" + q, o = q + "ol_o_id" + q, n = q + "ol_number" + q;
        int mo = orders / 2;
        String orChain = "(" + w + " > 5) OR (" + w + " = 5 AND " + d + " > 5) OR (" + w + " = 5 AND " + d + " = 5 AND " + o + " > " + mo + ") OR ("
                + w + " = 5 AND " + d + " = 5 AND " + o + " = " + mo + " AND " + n + " > 5)";
        String rowValue = "(" + w + ", " + d + ", " + o + ", " + n + ") > (5, 5, " + mo + ", 5)";
        String nested = w + " >= 5 AND (" + w + " > 5 OR (" + w + " = 5 AND (" + d + " > 5 OR (" + d + " = 5 AND (" + o + " > " + mo + " OR ("
                + o + " = " + mo + " AND " + n + " > 5))))))";
        StringBuilder line = new StringBuilder(label + ", one 1,000-row chunk from the middle:");
        for (String[] form : new String[][] {{"OR chain (before)", orChain}, {"row value", rowValue}, {"nested", nested}}) {
            String sql = "SELECT * FROM " + table + " WHERE " + form[1] + " ORDER BY " + w + ", " + d + ", " + o + ", " + n + " LIMIT 1000";
            try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
                long best = Long.MAX_VALUE;
                for (int i = 0; i < 20; i++) {
                    long t = System.nanoTime();
                    try (java.sql.ResultSet rs = st.executeQuery(sql)) {
                        while (rs.next()) {
                            // read every row
                        }
                    }
                    best = Math.min(best, System.nanoTime() - t);
                }
                line.append(String.format(Locale.ROOT, " %s %.2f ms;", form[0], best / 1e6));
            }
        }
        System.out.println(line);
    }

    private static void measure(BridgeDataSource ds, String unit, String direction) throws SQLException {
        String key = unit.equals("bench-ol") ? "4-column key" : "bigint key";
        Backfill.Result fill = ds.bridge().backfill(unit).restart(true).run(p -> { });
        System.out.printf(Locale.ROOT, "%-7s %-12s backfill: %,d rows in %.1f s = %,.0f rows/s%n", direction, key, fill.rowsCopied(),
                fill.took().toNanos() / 1e9, fill.rowsCopied() / (fill.took().toNanos() / 1e9));
        var report = ds.bridge().verifier(unit).run();
        long compared = report.rowsCompared().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "%-7s %-12s verify:   %,d rows in %.1f s = %,.0f rows/s (equal: %s)%n", direction, key, compared,
                report.took().toNanos() / 1e9, compared / (report.took().toNanos() / 1e9), report.equal());
    }
}
