package io.shardbridge.benchmarks.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.target.ShardedTarget;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Per-statement cost (issue #7): one statement by shard key — point SELECT, INSERT, UPDATE — through
 * direct JDBC to the physical table that holds the key, through stock ShardingSphere-JDBC 5.5.2 (its own
 * YAML, INLINE algorithms, the same physical tables), and through shardbridge's sharded target; each with
 * a connection held across statements and with a pooled connection taken per statement. PostgreSQL
 * shards; every key lands on {@code ds0.jmh_row_0}.
 *
 * <pre>mvn -q -DskipTests install &amp;&amp; mvn -q -pl benchmarks exec:java -Dexec.mainClass=io.shardbridge.benchmarks.jmh.StatementCostBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatementCostBenchmark {
    @Param({"direct", "shardingsphere", "shardbridge"})
    public String path;

    @Param({"held", "per-operation"})
    public String connection;

    private DataSource dataSource;
    private AutoCloseable owner;
    private String table;
    private Connection held;
    private final AtomicLong nextKey = new AtomicLong();
    private long readKey;

    @Setup(Level.Trial)
    public void open() throws Exception {
        ShardbridgeConfig config = config();
        prepareTables();
        switch (path) {
            case "direct" -> {
                HikariConfig hikari = new HikariConfig();
                hikari.setJdbcUrl(TestDatabases.postgresUrl(TestDatabases.PG_SHARD0) + NO_FSYNC_WAIT);
                hikari.setUsername(TestDatabases.postgres().user());
                hikari.setPassword(TestDatabases.postgres().password());
                hikari.setMaximumPoolSize(4);
                HikariDataSource ds = new HikariDataSource(hikari);
                dataSource = ds;
                owner = ds;
                table = "jmh_row_0";
            }
            case "shardingsphere" -> {
                dataSource = YamlShardingSphereDataSourceFactory.createDataSource(stockYaml().getBytes(StandardCharsets.UTF_8));
                owner = (AutoCloseable) dataSource;
                table = "jmh_row";
            }
            default -> {
                ShardedTarget target = ShardedTarget.open(config.target());
                dataSource = target.dataSource();
                owner = target;
                table = "jmh_row";
            }
        }
        if (connection.equals("held")) {
            held = dataSource.getConnection();
        }
        nextKey.set(4_000_000L + (System.nanoTime() % 1_000_000L) * 4);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (held != null) {
            held.close();
        }
        owner.close();
    }

    @Benchmark
    public long pointSelect() throws SQLException {
        readKey = (readKey + 4) % 4000;
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT val FROM " + table + " WHERE id = ?")) {
                ps.setLong(1, readKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1;
                }
            }
        });
    }

    @Benchmark
    public long insert() throws SQLException {
        long key = nextKey.addAndGet(4);
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, val) VALUES (?, ?)")) {
                ps.setLong(1, key);
                ps.setLong(2, key);
                return ps.executeUpdate();
            }
        });
    }

    @Benchmark
    public long updateByKey() throws SQLException {
        readKey = (readKey + 4) % 4000;
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET val = val + 1 WHERE id = ?")) {
                ps.setLong(1, readKey);
                return ps.executeUpdate();
            }
        });
    }

    private interface Work {
        long run(Connection c) throws SQLException;
    }

    private long withConnection(Work work) throws SQLException {
        if (held != null) {
            return work.run(held);
        }
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }

    /**
     * Every path's sessions commit without waiting for the WAL flush, so a write's cost is the work of the
     * path, not a 300–500 µs fsync whose spread would hide it (same setting on all three paths).
     */
    static final String NO_FSYNC_WAIT = "?options=-c%20synchronous_commit%3Doff";

    public static ShardbridgeConfig config() {
        return ShardbridgeConfigLoader.parse(configYaml(), "jmh.yaml");
    }

    /** Legacy and the two PostgreSQL shards of the test databases, with {@code jmh_row} sharded by id mod 4. */
    public static String configYaml() {
        String base = TestTargets.yamlText(io.shardbridge.config.Dialect.POSTGRESQL).replaceAll("(sb_pg_shard\\d\\w*)\"", "$1" + NO_FSYNC_WAIT + "\"");
        return base.substring(0, base.indexOf("  tables:\n")) + "  tables:\n    jmh_row: { shard-key: id, tables-per-shard: 2, algorithm: mod }\n";
    }

    /** Stock ShardingSphere over the same physical tables: slot = id mod 4, shard = slot / 2, table = slot mod 2 (as shardbridge's mod). */
    public static String stockYaml() {
        var pg = TestDatabases.postgres();
        String ds = "    dataSourceClassName: com.zaxxer.hikari.HikariDataSource\n    jdbcUrl: %s\n    username: %s\n    password: \"%s\"\n    maximumPoolSize: 4\n";
        return "databaseName: jmh_stock\ndataSources:\n  ds0:\n" + ds.formatted(TestDatabases.postgresUrl(TestDatabases.PG_SHARD0) + NO_FSYNC_WAIT,
                pg.user(), pg.password())
                + "  ds1:\n" + ds.formatted(TestDatabases.postgresUrl(TestDatabases.PG_SHARD1) + NO_FSYNC_WAIT, pg.user(), pg.password())
                + """
                rules:
                - !SHARDING
                  tables:
                    jmh_row:
                      actualDataNodes: ds${0..1}.jmh_row_${0..1}
                      databaseStrategy: { standard: { shardingColumn: id, shardingAlgorithmName: db } }
                      tableStrategy: { standard: { shardingColumn: id, shardingAlgorithmName: tbl } }
                  shardingAlgorithms:
                    db: { type: INLINE, props: { algorithm-expression: "ds${(id % 4).intdiv(2)}" } }
                    tbl: { type: INLINE, props: { algorithm-expression: "jmh_row_${id % 2}" } }
                """;
    }

    /** The benchmark tables, for runners in other packages. */
    public static void prepareTablesForStartup() throws SQLException {
        prepareTables();
    }

    /** Fresh physical tables, with 1,000 rows on ds0.jmh_row_0 (keys 0, 4, 8, …). */
    static void prepareTables() throws SQLException {
        for (String db : new String[] {TestDatabases.PG_SHARD0, TestDatabases.PG_SHARD1}) {
            try (Connection c = TestDatabases.postgresConnection(db); Statement st = c.createStatement()) {
                for (String t : new String[] {"jmh_row_0", "jmh_row_1"}) {
                    st.execute("DROP TABLE IF EXISTS " + t);
                    st.execute("CREATE TABLE " + t + " (id bigint PRIMARY KEY, val bigint NOT NULL)");
                }
                if (db.equals(TestDatabases.PG_SHARD0)) {
                    st.execute("INSERT INTO jmh_row_0 SELECT g * 4, g FROM generate_series(0, 999) g");
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(StatementCostBenchmark.class.getSimpleName())
                .forks(0) // in this JVM: exec:java's classpath is not the system one a forked JVM would get
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .threads(1).build()).run();
    }
}
