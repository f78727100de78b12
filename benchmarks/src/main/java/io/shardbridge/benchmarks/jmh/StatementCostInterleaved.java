package io.shardbridge.benchmarks.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.target.ShardedTarget;
import io.shardbridge.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/**
 * The per-statement cost of {@link StatementCostBenchmark}, measured interleaved: every round runs the
 * same statement once through each path, in rotating order, so a slow second of the shared machine
 * (a checkpoint, autovacuum, another process) falls on all paths alike instead of on whichever JMH
 * happened to be measuring. Reports the median and p90 per statement, and the ratio of medians to direct
 * JDBC — the figure the fast path's goal (≤ 1.10×) is stated in.
 *
 * <pre>mvn -q -DskipTests install &amp;&amp; mvn -q -pl benchmarks exec:java -Dexec.mainClass=io.shardbridge.benchmarks.jmh.StatementCostInterleaved -Dexec.args=50000</pre>
 * ({@code -Dexec.args="50000 0,3"} runs only direct and shardbridge; {@code "50000 0,3 per-operation"} only the rows with a
 * connection taken per statement). The last path is direct JDBC through
 * the very HikariCP pool the target routes to, which separates the routing layer's cost from the pool's.
 */
public final class StatementCostInterleaved {
    private interface Op {
        void run(Connection c, String table, long key) throws SQLException;
    }

    private record Path(String name, DataSource dataSource, String table) {
    }

    /** Third argument {@code sequential}: each path runs all its rounds alone, one path after the other. */
    private static boolean SEQUENTIAL;
    /** Third argument {@code per-operation} (or {@code sequential,per-operation}): only the rows with a connection taken per statement. */
    private static boolean PER_OPERATION_ONLY;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        List<String> flags = args.length > 2 ? List.of(args[2].split(",")) : List.of();
        SEQUENTIAL = flags.contains("sequential");
        PER_OPERATION_ONLY = flags.contains("per-operation");
        StatementCostBenchmark.prepareTables();
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(TestDatabases.postgresUrl(TestDatabases.PG_SHARD0) + StatementCostBenchmark.NO_FSYNC_WAIT);
        hikari.setUsername(TestDatabases.postgres().user());
        hikari.setPassword(TestDatabases.postgres().password());
        hikari.setMaximumPoolSize(4);
        try (HikariDataSource direct = new HikariDataSource(hikari);
             AutoCloseable stockOwner = (AutoCloseable) YamlShardingSphereDataSourceFactory.createDataSource(
                     StatementCostBenchmark.stockYaml().getBytes(StandardCharsets.UTF_8));
             ShardedTarget target = ShardedTarget.open(StatementCostBenchmark.config().target());
             BridgeDataSource bridge = migrationLayerInTargetOnly(target)) {
            List<Path> all = List.of(new Path("direct", direct, "jmh_row_0"), new Path("stock ShardingSphere", (DataSource) stockOwner, "jmh_row"),
                    new Path("shardbridge, fast path off", target.dataSourceWithoutFastPath(), "jmh_row"),
                    new Path("shardbridge", target.dataSource(), "jmh_row"),
                    new Path("direct, target's pool", target.shardDataSources().get("ds0"), "jmh_row_0"),
                    new Path("migration layer, TARGET_ONLY", bridge, "jmh_row"));
            // optional second argument: the paths to run, by index (0 direct, 1 stock, 2 fast path off, 3 shardbridge,
            // 4 direct JDBC through the target's own shard pool, 5 the whole migration layer with the unit in TARGET_ONLY), e.g. 0,3
            List<Path> paths = args.length > 1 ? Arrays.stream(args[1].split(",")).map(i -> all.get(Integer.parseInt(i.trim()))).toList() : all;
            AtomicLong insertKey = new AtomicLong(8_000_000L + (System.nanoTime() % 1_000_000L) * 4);
            Op select = (c, t, k) -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT val FROM " + t + " WHERE id = ?")) {
                    ps.setLong(1, k);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
            };
            Op insert = (c, t, k) -> {
                long key = insertKey.addAndGet(4);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " (id, val) VALUES (?, ?)")) {
                    ps.setLong(1, key);
                    ps.setLong(2, key);
                    ps.executeUpdate();
                }
            };
            Op update = (c, t, k) -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + t + " SET val = val + 1 WHERE id = ?")) {
                    ps.setLong(1, k);
                    ps.executeUpdate();
                }
            };
            System.out.printf(Locale.ROOT, "%d rounds per row after %d warm-up rounds%s; µs per statement, median / p90 (ratio of medians to the first path)%n",
                    rounds, rounds / 5, SEQUENTIAL ? ", each path alone in turn" : ", paths interleaved");
            System.out.printf(Locale.ROOT, "%-14s %-14s", "statement", "connection");
            paths.forEach(p -> System.out.printf(Locale.ROOT, " %30s", p.name()));
            System.out.println();
            for (String[] op : new String[][] {{"point SELECT", "select"}, {"INSERT", "insert"}, {"UPDATE by key", "update"}}) {
                Op work = op[1].equals("select") ? select : op[1].equals("insert") ? insert : update;
                for (boolean held : PER_OPERATION_ONLY ? new boolean[] {false} : new boolean[] {false, true}) {
                    measure(paths, work, rounds / 5, held);
                    long[][] micros = measure(paths, work, rounds, held);
                    System.out.printf(Locale.ROOT, "%-14s %-14s", op[0], held ? "held" : "per operation");
                    double base = median(micros[0]);
                    for (long[] m : micros) {
                        System.out.printf(Locale.ROOT, " %13.1f / %5.1f (%4.2f×)", median(m), percentile(m, 90), median(m) / base);
                    }
                    System.out.println();
                }
            }
        }
    }

    /**
     * What a service that has finished its migration talks to: {@code BridgeDataSource} with the unit in
     * {@code TARGET_ONLY}, over the same target (so the fast path underneath), control store on legacy.
     */
    private static BridgeDataSource migrationLayerInTargetOnly(ShardedTarget target) throws SQLException {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS jmh_row (id bigint PRIMARY KEY, val bigint NOT NULL)");
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_unit') IS NOT NULL THEN DELETE FROM shardbridge_unit WHERE unit_name = 'jmh'; "
                    + "DELETE FROM shardbridge_instance WHERE unit_name = 'jmh'; END IF; END $$");
        }
        String yaml = StatementCostBenchmark.configYaml() + "migrations:\n  jmh: { tables: [jmh_row], phase: TARGET_ONLY }\n";
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(yaml, "jmh-bridge.yaml");
        return BridgeDataSource.builder(config).target(target).requireBackfillBeforeReads(false).open();
    }

    /** Nanoseconds → microseconds per statement, per path, over {@code rounds} rotated rounds. */
    private static long[][] measure(List<Path> paths, Op op, int rounds, boolean held) throws SQLException {
        if (SEQUENTIAL) {
            long[][] out = new long[paths.size()][];
            for (int p = 0; p < paths.size(); p++) {
                out[p] = measureInterleaved(List.of(paths.get(p)), op, rounds, held)[0];
            }
            return out;
        }
        return measureInterleaved(paths, op, rounds, held);
    }

    private static long[][] measureInterleaved(List<Path> paths, Op op, int rounds, boolean held) throws SQLException {
        long[][] nanos = new long[paths.size()][rounds];
        List<Connection> heldConnections = new ArrayList<>();
        if (held) {
            for (Path p : paths) {
                heldConnections.add(p.dataSource().getConnection());
            }
        }
        try {
            for (int r = 0; r < rounds; r++) {
                long key = (r * 4L) % 4000;
                for (int i = 0; i < paths.size(); i++) {
                    int p = (i + r) % paths.size();
                    Path path = paths.get(p);
                    long start = System.nanoTime();
                    if (held) {
                        op.run(heldConnections.get(p), path.table(), key);
                    } else {
                        try (Connection c = path.dataSource().getConnection()) {
                            op.run(c, path.table(), key);
                        }
                    }
                    nanos[p][r] = System.nanoTime() - start;
                }
            }
        } finally {
            for (Connection c : heldConnections) {
                c.close();
            }
        }
        for (long[] n : nanos) {
            Arrays.sort(n);
        }
        return nanos;
    }

    private static double median(long[] sortedNanos) {
        return percentile(sortedNanos, 50);
    }

    private static double percentile(long[] sortedNanos, double p) {
        int i = (int) Math.min(sortedNanos.length - 1, Math.max(0, Math.ceil(p / 100 * sortedNanos.length) - 1));
        return sortedNanos[i] / 1000.0;
    }
}
