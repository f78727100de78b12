package io.shardbridge.benchmarks.outage;

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
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * How long a mirror outage takes to converge (issue #15, item 5): four writer threads (insert a row,
 * update the one three before it, delete every seventh one five before it, autocommit) write a unit in
 * DUAL_WRITE through one instance with the production settings (mirror timeout 2 s, breaker after 5
 * failures for 5 s, background repair); shard {@code ds1} refuses new mirror connections for 8 s (a
 * wrapping DataSource, as in the fault tests). Measured per round: the intents written during the outage,
 * and the time from the shard's return until every one of them is drained, with the writers still going.
 *
 * <pre>mvn -B -q -o -pl benchmarks -am package -DskipTests &amp;&amp; java -cp … \
 *   io.shardbridge.benchmarks.outage.OutageConvergenceBenchmark postgresql 3</pre>
 */
public final class OutageConvergenceBenchmark {
    private static final String UNIT = "outage";
    private static final long OUTAGE_MS = 8_000;

    private OutageConvergenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Dialect dialect = args.length > 0 && args[0].equalsIgnoreCase("mysql") ? Dialect.MYSQL : Dialect.POSTGRESQL;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String base = TestTargets.yamlText(dialect);
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    outage_row: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                migrations:
                  outage: { tables: [outage_row], phase: LEGACY_ONLY }
                """, "outage-benchmark.yaml");
        prepare(config);
        AtomicBoolean ds1Down = new AtomicBoolean();
        try (BridgeDataSource ds = BridgeDataSource.builder(config).meterRegistry(new SimpleMeterRegistry())
                .mirrorDatabaseWrapper((database, real) -> database.equals("ds1") ? new Refusing(real, ds1Down) : real)
                .outsideWriteCatchUp(false).open()) {
            ds.bridge().moveTo(UNIT, MigrationPhase.DUAL_WRITE);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong nextId = new AtomicLong(1);
            AtomicLong writes = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread w = new Thread(() -> {
                    while (!stop.get()) {
                        long id = nextId.getAndIncrement();
                        try {
                            write(ds, "INSERT INTO outage_row (id, user_id, val) VALUES (?, ?, ?)", id, id % 17, id);
                            write(ds, "UPDATE outage_row SET val = val + 1 WHERE id = ?", Math.max(1, id - 3));
                            if (id % 7 == 0) {
                                write(ds, "DELETE FROM outage_row WHERE id = ?", id - 5);
                            }
                            writes.addAndGet(2);
                        } catch (SQLException e) {
                            errors.incrementAndGet();
                        }
                    }
                }, "writer-" + t);
                w.start();
                writers.add(w);
            }
            System.out.printf("%s shards, 4 writers, ds1 refusing mirror connections for %d ms per round%n", dialect, OUTAGE_MS);
            System.out.println("round | writes during the outage | intents just before the shard's return | drained after (ms) | caller errors");
            for (int round = 1; round <= rounds; round++) {
                Thread.sleep(3_000);
                long before = writes.get();
                ds1Down.set(true);
                Thread.sleep(OUTAGE_MS);
                // what the outage left, read just before the shard returns (the drain starts within milliseconds after)
                long lastId = queryLong("SELECT coalesce(max(id), 0) FROM shardbridge_intent WHERE unit_name = ?", Long.MAX_VALUE);
                long atReturn = queryLong("SELECT count(*) FROM shardbridge_intent WHERE unit_name = ? AND id <= ?", lastId);
                ds1Down.set(false);
                long back = System.nanoTime();
                long during = writes.get() - before;
                while (queryLong("SELECT count(*) FROM shardbridge_intent WHERE unit_name = ? AND id <= ?", lastId) > 0) {
                    Thread.sleep(50);
                }
                System.out.printf("%d | %d | %d | %d | %d%n", round, during, atReturn, (System.nanoTime() - back) / 1_000_000, errors.get());
            }
            stop.set(true);
            for (Thread w : writers) {
                w.join();
            }
        }
    }

    private static void write(BridgeDataSource ds, String sql, long... values) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setLong(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    private static long queryLong(String sql, long bound) throws SQLException {
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, UNIT);
            if (sql.contains("id <= ?")) {
                ps.setLong(2, bound);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void prepare(ShardbridgeConfig config) throws SQLException {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS outage_row");
            st.execute("CREATE TABLE outage_row (id bigint PRIMARY KEY, user_id bigint NOT NULL, val bigint NOT NULL)");
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_unit') IS NOT NULL THEN DELETE FROM shardbridge_unit WHERE unit_name = 'outage'; "
                    + "DELETE FROM shardbridge_instance WHERE unit_name = 'outage'; END IF; "
                    + "IF to_regclass('shardbridge_intent') IS NOT NULL THEN DELETE FROM shardbridge_intent WHERE unit_name = 'outage'; END IF; END $$");
        }
        try (ShardPools pools = ShardPools.open(config.target())) {
            for (var shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS outage_row_0");
                    st.execute("DROP TABLE IF EXISTS outage_row_1");
                }
            }
            try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
                new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "outage_row")));
            }
        }
    }

    /** A shard's mirror DataSource that refuses new connections while {@code down} is set. */
    private record Refusing(DataSource real, AtomicBoolean down) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            if (down.get()) {
                throw new SQLTransientConnectionException("benchmark: shard ds1 refuses connections", "08001");
            }
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return real.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return real.isWrapperFor(iface);
        }
    }
}
