package io.shardbridge.sharding.fastpath;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.Dialect;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.target.ShardedTarget;
import io.shardbridge.sharding.fastpath.StatementCorpus.Case;
import io.shardbridge.testing.TestTargets;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.jdbc.core.connection.ShardingSphereConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path against ShardingSphere itself: every corpus statement runs once through each, from the
 * same seeded rows, and must give the same results (rows, update counts, errors) and leave the same rows
 * in the same physical tables. A case marked fast must really have taken the fast path, and every other
 * case must not have, so neither a silent fallback nor an over-eager planner can pass.
 */
abstract class FastPathDifferentialContract {
    abstract Dialect dialect();

    static Stream<Case> corpus() {
        return StatementCorpus.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void fastPathAnswersAndPlacesLikeShardingSphere(Case c) throws SQLException {
        org.junit.jupiter.api.Assumptions.assumeTrue(!c.postgresOnly() || dialect() == Dialect.POSTGRESQL, "PostgreSQL syntax");
        ShardedTarget target = TestTargets.target(dialect());
        Outcome reference = run(target, target.dataSourceWithoutFastPath(), c);
        long fastBefore = target.fastPathStats().fastExecutions();
        Outcome fast = run(target, target.dataSource(), c);
        long fastRuns = target.fastPathStats().fastExecutions() - fastBefore;

        assertThat(fast.results).as("results of %s", c.sql()).isEqualTo(reference.results);
        assertThat(fast.placement).as("rows per physical table after %s", c.sql()).isEqualTo(reference.placement);
        if (c.fast()) {
            assertThat(fastRuns).as("executions of %s on the fast path", c.sql()).isEqualTo(c.mode() == StatementCorpus.Mode.BATCH ? 1 : c.executions().size());
        } else {
            assertThat(fastRuns).as("%s must go through ShardingSphere", c.sql()).isZero();
        }
    }

    /** Uncommitted fast-path writes are visible to ShardingSphere's statements in the same transaction, and roll back with them. */
    @Test
    void fastPathJoinsTheRoutingConnectionsTransaction() throws SQLException {
        ShardedTarget target = TestTargets.target(dialect());
        TestTargets.truncateAll(target);
        long fastBefore = target.fastPathStats().fastExecutions();
        try (Connection c = target.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO card (card_id, user_id, card_no, balance) VALUES (?, ?, ?, ?)")) {
                for (long id = 1; id <= 6; id++) {
                    insert.setLong(1, id);
                    insert.setLong(2, id);
                    insert.setString(3, "c" + id);
                    insert.setBigDecimal(4, BigDecimal.ONE);
                    insert.executeUpdate();
                }
            }
            assertThat(count(c, "SELECT COUNT(*) AS n FROM card")).as("seen by ShardingSphere in the same transaction").isEqualTo(6);
            for (String shard : List.of("ds0", "ds1")) {
                Connection physical = io.shardbridge.sharding.shardingsphere.TransactionConnections.physical(c.unwrap(ShardingSphereConnection.class), shard);
                assertThat(physical.getAutoCommit()).isFalse();
            }
            c.rollback();
            assertThat(count(c, "SELECT COUNT(*) AS n FROM card")).isZero();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO card (card_id, user_id, card_no, balance) VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, 9);
                insert.setLong(2, 9);
                insert.setString(3, "c9");
                insert.setBigDecimal(4, BigDecimal.ONE);
                insert.executeUpdate();
            }
            c.commit();
        }
        assertThat(target.fastPathStats().fastExecutions() - fastBefore).isEqualTo(7);
        assertThat(placement(target).values().stream().mapToInt(List::size).sum()).isEqualTo(1);
    }

    /** getGeneratedKeys() answers like ShardingSphere's: one row, the key column, the value the row was stored with. */
    @Test
    void generatedKeysAnswerLikeShardingSphere() throws SQLException {
        ShardedTarget target = TestTargets.target(dialect());
        TestTargets.truncateAll(target);
        long fastBefore = target.fastPathStats().fastExecutions();
        List<String> shapes = new ArrayList<>();
        for (DataSource ds : List.of(target.dataSourceWithoutFastPath(), target.dataSource())) {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO orders (user_id, amount, status) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                for (long user = 1; user <= 2; user++) {
                    ps.setLong(1, user);
                    ps.setBigDecimal(2, BigDecimal.ONE);
                    ps.setString(3, "NEW");
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        assertThat(keys.next()).isTrue();
                        long key = keys.getLong(1);
                        java.sql.ResultSetMetaData md = keys.getMetaData();
                        shapes.add(md.getColumnCount() + " " + md.getColumnLabel(1).toLowerCase(Locale.ROOT) + " " + md.getColumnType(1) + " '"
                                + md.getColumnTypeName(1) + "' " + md.isSigned(1) + " " + md.getPrecision(1) + " " + md.getScale(1) + " "
                                + md.isNullable(1) + " " + md.getTableName(1).isEmpty() + " " + (keys.getLong("order_id") == key) + " "
                                + (keys.getObject(1) instanceof Number) + " " + keys.next());
                        assertThat(count(c, "SELECT COUNT(*) AS n FROM orders WHERE user_id = " + user + " AND order_id = " + key)).isEqualTo(1);
                    }
                }
            }
        }
        assertThat(target.fastPathStats().fastExecutions() - fastBefore).isEqualTo(2);
        assertThat(shapes.subList(2, 4)).isEqualTo(shapes.subList(0, 2)).containsOnly("1 order_id -5 '' true 0 0 0 true true true false");
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private record Outcome(List<String> results, Map<String, List<String>> placement) {
    }

    private Outcome run(ShardedTarget target, DataSource ds, Case c) throws SQLException {
        TestTargets.truncateAll(target);
        seed(target);
        List<String> results = new ArrayList<>();
        try (Connection connection = ds.getConnection(); PreparedStatement ps = connection.prepareStatement(c.sql())) {
            try {
                if (c.mode() == StatementCorpus.Mode.BATCH) {
                    for (StatementCorpus.Binding entry : c.executions()) {
                        entry.bind(ps);
                        ps.addBatch();
                    }
                    results.add("batch " + java.util.Arrays.toString(ps.executeBatch()));
                } else {
                    for (StatementCorpus.Binding execution : c.executions()) {
                        execution.bind(ps);
                        if (c.mode() == StatementCorpus.Mode.QUERY) {
                            try (ResultSet rs = ps.executeQuery()) {
                                List<Map<String, String>> rows = rows(rs, c.masked());
                                if (!c.sql().toUpperCase(Locale.ROOT).contains("ORDER BY")) {
                                    rows.sort(java.util.Comparator.comparing(Object::toString)); // no order was asked for: compare as a set
                                }
                                results.add(rows.toString());
                            }
                        } else {
                            results.add("updated " + ps.executeUpdate());
                        }
                    }
                }
            } catch (SQLException e) {
                results.add("error " + e.getSQLState());
            }
        }
        return new Outcome(results, mask(placement(target), c.masked()));
    }

    private static Map<String, List<String>> mask(Map<String, List<String>> placement, String masked) {
        if (masked == null) {
            return placement;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        placement.forEach((table, rows) -> out.put(table, rows.stream().map(r -> r.replaceAll(masked + "=[^,}]*", masked + "=?")).sorted().toList()));
        return out;
    }

    private static List<Map<String, String>> rows(ResultSet rs, String masked) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<Map<String, String>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String label = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                row.put(label, label.equals(masked) ? "?" : text(rs.getObject(i)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** Every row of every physical copy, by physical table, in key order. */
    private static Map<String, List<String>> placement(ShardedTarget target) throws SQLException {
        List<PhysicalTable> tables = new ArrayList<>();
        for (String table : TestTargets.SHARDED_TABLES) {
            ShardLayout layout = target.layout(table).orElseThrow();
            tables.addAll(layout.physicalTables());
        }
        target.shardDataSources().keySet().forEach(shard -> tables.add(new PhysicalTable(shard, "card_bin")));
        tables.add(new PhysicalTable("ds0", "single_note"));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (PhysicalTable t : tables) {
            try (Connection c = target.shardDataSources().get(t.shard()).getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT * FROM " + t.table() + " ORDER BY 1, 2")) {
                List<String> rows = new ArrayList<>();
                for (Map<String, String> row : rows(rs, null)) {
                    rows.add(row.toString().replaceAll("created_at=(?!2024)[^,}]*", "created_at=now()")); // the column's DEFAULT now()
                }
                out.put(t.toString(), rows);
            }
        }
        return out;
    }

    /** The rows every case starts from, written straight to the physical tables where the layouts put them. */
    static void seed(ShardedTarget target) throws SQLException {
        try (Connection c = target.dataSourceWithoutFastPath().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id, user_id, amount, status, created_at) VALUES (?, ?, ?, ?, ?)")) {
                for (long user = 1; user <= 8; user++) {
                    for (long n = 0; n < 2; n++) {
                        ps.setLong(1, 100 + user + n * 1000);
                        ps.setLong(2, user);
                        ps.setBigDecimal(3, new BigDecimal(user + "." + n + "5"));
                        ps.setString(4, n == 0 ? "NEW" : "PAID");
                        ps.setTimestamp(5, java.sql.Timestamp.valueOf("2024-01-0" + user + " 10:00:00"));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            execute(c, "INSERT INTO order_item (item_id, order_id, user_id, sku, qty) VALUES (1, 101, 1, 'A', 1), (2, 102, 2, 'B', 2), (3, 1102, 2, 'C', 3)");
            execute(c, "INSERT INTO account (account_id, owner, balance) VALUES (5, 'a', 1.00), (1500, 'b', 2.00), (2500, 'c', 3.00), (3500, 'd', 4.00)");
            execute(c, "INSERT INTO daily_event (event_day, event_id, note) VALUES ('2024-01-05', 1, 'jan'), ('2024-02-10', 2, 'feb'), ('2024-05-01', 3, 'may')");
            execute(c, "INSERT INTO card (card_id, user_id, card_no, balance) VALUES (1, 1, 'n1', 1.00), (2, 1, 'n2', 2.00), (3, 2, 'n3', 3.00), "
                    + "(4, 2, 'n4', 4.00), (5, 3, 'n5', 5.00), (6, 3, 'n6', 6.00)");
            execute(c, "INSERT INTO card_bin (bin, bank) VALUES ('411111', 'First Bank')");
            execute(c, "INSERT INTO single_note (note_id, body) VALUES (7, 'seven')");
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }
}
