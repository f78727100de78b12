package io.shardbridge.benchmarks.crossshard;

import io.shardbridge.benchmarks.jmh.StatementCostBenchmark;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.target.ShardedTarget;
import io.shardbridge.testing.TestTargets;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/**
 * What atomic commit costs: a transaction of two single-row UPDATEs, on one shard (one-phase commit) and on two
 * shards (two-phase commit), through shardbridge and through stock ShardingSphere-JDBC (LOCAL: one COMMIT per
 * shard, not atomic), interleaved round by round so every path sees the same machine. Shards commit with
 * synchronous_commit on (PREPARE TRANSACTION always flushes, so turning it off would flatter one-phase only).
 *
 * <pre>mvn -q -pl benchmarks -am exec:java -Dexec.mainClass=io.shardbridge.benchmarks.crossshard.CrossShardCommitBenchmark -Dexec.args=5000</pre>
 */
public final class CrossShardCommitBenchmark {
    private CrossShardCommitBenchmark() {
    }

    private record Path(String name, DataSource dataSource, long first, long second, long[] nanos) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        StatementCostBenchmark.prepareTablesForStartup(); // jmh_row: id mod 4 -> slot; slots 0,1 on ds0, 2,3 on ds1
        String base = TestTargets.yamlText(io.shardbridge.config.Dialect.POSTGRESQL);
        String yaml = base.substring(0, base.indexOf("  tables:\n")) + "  tables:\n    jmh_row: { shard-key: id, tables-per-shard: 2, algorithm: mod }\n";
        String stockYaml = StatementCostBenchmark.stockYaml().replace("?options=-c%20synchronous_commit%3Doff", "");
        try (ShardedTarget target = ShardedTarget.open(ShardbridgeConfigLoader.parse(yaml, "bench.yaml").target());
             AutoCloseable stock = (AutoCloseable) YamlShardingSphereDataSourceFactory.createDataSource(stockYaml.getBytes(StandardCharsets.UTF_8))) {
            seed(target.dataSource());
            List<Path> paths = List.of(
                    new Path("shardbridge, one shard (one-phase)", target.dataSource(), 0, 4, new long[rounds]),
                    new Path("shardbridge, two shards (atomic, 2PC)", target.dataSource(), 0, 2, new long[rounds]),
                    new Path("stock ShardingSphere, one shard", (DataSource) stock, 0, 4, new long[rounds]),
                    new Path("stock ShardingSphere, two shards (LOCAL, not atomic)", (DataSource) stock, 0, 2, new long[rounds]));
            for (int warm = 0; warm < 500; warm++) {
                for (Path p : paths) {
                    transfer(p.dataSource(), p.first(), p.second());
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (Path p : paths) {
                    long started = System.nanoTime();
                    transfer(p.dataSource(), p.first(), p.second());
                    p.nanos()[r] = System.nanoTime() - started;
                }
            }
            System.out.printf("%-55s %10s %10s %10s%n", "path (" + rounds + " transactions each, interleaved)", "median µs", "p90 µs", "p99 µs");
            for (Path p : paths) {
                long[] sorted = p.nanos().clone();
                Arrays.sort(sorted);
                System.out.printf("%-55s %10.0f %10.0f %10.0f%n", p.name(), sorted[rounds / 2] / 1e3, sorted[rounds * 9 / 10] / 1e3, sorted[rounds * 99 / 100] / 1e3);
            }
        }
    }

    private static void seed(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO jmh_row (id, val) VALUES (?, 0)")) {
            List<Long> ids = new ArrayList<>(List.of(2L));
            for (long id : ids) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
    }

    private static void transfer(DataSource ds, long first, long second) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE jmh_row SET val = val + ? WHERE id = ?")) {
                ps.setLong(1, -1);
                ps.setLong(2, first);
                ps.executeUpdate();
                ps.setLong(1, 1);
                ps.setLong(2, second);
                ps.executeUpdate();
            }
            c.commit();
        }
    }
}
