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
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Backfill throughput against its baseline, in one run (issue #4's figures): the same rows (~200 bytes
 * each) copied into the same physical tables by the plain bulk path of the target — {@code COPY} for
 * PostgreSQL shards, batched multi-row INSERT for MariaDB shards — and then by the shardbridge backfill;
 * then the verification of the result (three runs), in rows/s.
 *
 * <pre>mvn -q -DskipTests install &amp;&amp; mvn -q -pl benchmarks exec:java \
 *   -Dexec.mainClass=io.shardbridge.benchmarks.backfill.BackfillThroughputBenchmark -Dexec.args="postgresql 200000"</pre>
 */
public final class BackfillThroughputBenchmark {
    private BackfillThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Dialect dialect = args.length > 0 && args[0].equalsIgnoreCase("mysql") ? Dialect.MYSQL : Dialect.POSTGRESQL;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        boolean verifyOnly = args.length > 2 && args[2].equals("verify-only"); // the tables of the previous run, verified again
        String base = TestTargets.yamlText(dialect);
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    bench_fill: { shard-key: acct_id, tables-per-shard: 2, algorithm: hash-mod }
                migrations:
                  bench-fill: { tables: [bench_fill], phase: LEGACY_ONLY }
                """, "backfill-benchmark.yaml");
        if (verifyOnly) {
            try (BridgeDataSource ds = BridgeDataSource.builder(config).meterRegistry(new SimpleMeterRegistry()).repair(Duration.ZERO, Duration.ZERO).open()) {
                ds.bridge().moveTo("bench-fill", MigrationPhase.DUAL_WRITE);
                verify(ds);
            }
            return;
        }
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_fill");
            st.execute("CREATE TABLE bench_fill (id bigint PRIMARY KEY, acct_id bigint NOT NULL, amount numeric(14,2) NOT NULL, "
                    + "currency char(3) NOT NULL, memo varchar(120) NOT NULL, booked_at timestamptz NOT NULL)");
            st.execute("INSERT INTO bench_fill SELECT g, g % 50000, (g % 100000) / 100.0, 'CNY', "
                    + "rpad('payment ' || g, 110, 'x'), timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' "
                    + "FROM generate_series(1, " + rows + ") g");
            st.execute("ANALYZE bench_fill");
            try (ResultSet rs = st.executeQuery("SELECT avg(pg_column_size(b.*))::int FROM bench_fill b")) {
                rs.next();
                System.out.printf(Locale.ROOT, "%d rows of ~%d bytes on legacy%n", rows, rs.getInt(1));
            }
        }
        ShardLayout layout = new ShardLayout(config.target().table("bench_fill").orElseThrow(), config.target().shardNames());
        try (ShardPools pools = ShardPools.open(config.target())) {
            reprovision(config, pools);
            long started = System.nanoTime();
            bulkBaseline(dialect, layout, pools.byShard());
            double baseline = rows / ((System.nanoTime() - started) / 1e9);
            System.out.printf(Locale.ROOT, "baseline (%s): %,.0f rows/s%n", dialect == Dialect.POSTGRESQL ? "COPY per physical table" : "batched multi-row INSERT", baseline);
            reprovision(config, pools);
            try (BridgeDataSource ds = BridgeDataSource.builder(config).meterRegistry(new SimpleMeterRegistry())
                    .repair(Duration.ZERO, Duration.ZERO).open()) {
                ds.bridge().moveTo("bench-fill", MigrationPhase.DUAL_WRITE);
                int workers = Integer.getInteger("backfill.workers", 1);
                Backfill.Result result = ds.bridge().backfill("bench-fill").restart(true).workers(workers).run(p -> { });
                double rate = result.rowsCopied() / (result.took().toNanos() / 1e9);
                System.out.printf(Locale.ROOT, "shardbridge backfill, %d worker(s): %,d rows in %.1f s = %,.0f rows/s = %.0f%% of the baseline%n",
                        workers, result.rowsCopied(), result.took().toNanos() / 1e9, rate, 100 * rate / baseline);
                verify(ds);
            }
        }
    }

    private static void verify(BridgeDataSource ds) throws SQLException {
        int inFlight = Integer.getInteger("verify.inFlight", 2);
        for (int run = 1; run <= 3; run++) { // the first run also warms both servers' caches
            var report = ds.bridge().verifier("bench-fill").rangesInFlight(inFlight).run();
            long compared = report.rowsCompared().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "shardbridge verify run %d (pushed-down chunk checksums, %d ranges in flight, both sides equal: %s): "
                    + "%,d rows in %.2f s = %,.0f rows/s%n", run, inFlight, report.equal(), compared, report.took().toNanos() / 1e9,
                    compared / (report.took().toNanos() / 1e9));
        }
    }

    private static void reprovision(ShardbridgeConfig config, ShardPools pools) throws SQLException {
        for (DataSource shard : pools.byShard().values()) {
            try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS bench_fill_0");
                st.execute("DROP TABLE IF EXISTS bench_fill_1");
            }
        }
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
            new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "bench_fill")));
        }
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("DELETE FROM shardbridge_backfill WHERE unit_name = 'bench-fill'");
        } catch (SQLException e) {
            // no checkpoint table yet
        }
    }

    /** The rows read from legacy and written with the target's own bulk path, grouped per physical table. */
    private static void bulkBaseline(Dialect dialect, ShardLayout layout, Map<String, ? extends DataSource> shards)
            throws SQLException, java.io.IOException {
        Map<PhysicalTable, List<Object[]>> byTable = new LinkedHashMap<>();
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, acct_id, amount, currency, memo, booked_at FROM bench_fill ORDER BY id")) {
            while (rs.next()) {
                Object[] row = {rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getString(4), rs.getString(5),
                        rs.getObject(6, java.time.OffsetDateTime.class)};
                byTable.computeIfAbsent(layout.locate(row[1]), t -> new ArrayList<>()).add(row);
            }
        }
        for (Map.Entry<PhysicalTable, List<Object[]>> e : byTable.entrySet()) {
            try (Connection c = shards.get(e.getKey().shard()).getConnection()) {
                if (dialect == Dialect.POSTGRESQL) {
                    StringBuilder csv = new StringBuilder();
                    for (Object[] row : e.getValue()) {
                        csv.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append(',').append(row[3]).append(',')
                                .append(row[4]).append(',').append(row[5]).append('\n');
                    }
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + e.getKey().table() + " FROM STDIN WITH (FORMAT csv)",
                            new StringReader(csv.toString()));
                } else {
                    c.setAutoCommit(false);
                    int perStatement = 500;
                    List<Object[]> all = e.getValue();
                    for (int from = 0; from < all.size(); from += perStatement) {
                        List<Object[]> part = all.subList(from, Math.min(all.size(), from + perStatement));
                        String sql = "INSERT INTO " + e.getKey().table() + " (id, acct_id, amount, currency, memo, booked_at) VALUES "
                                + String.join(", ", java.util.Collections.nCopies(part.size(), "(?, ?, ?, ?, ?, ?)"));
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            int i = 1;
                            for (Object[] row : part) {
                                ps.setLong(i++, (Long) row[0]);
                                ps.setLong(i++, (Long) row[1]);
                                ps.setBigDecimal(i++, (java.math.BigDecimal) row[2]);
                                ps.setString(i++, (String) row[3]);
                                ps.setString(i++, (String) row[4]);
                                ps.setString(i++, ((java.time.OffsetDateTime) row[5]).toLocalDateTime().toString().replace('T', ' '));
                            }
                            ps.executeUpdate();
                        }
                    }
                    c.commit();
                }
            }
        }
    }
}
