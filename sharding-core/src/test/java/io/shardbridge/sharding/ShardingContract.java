package io.shardbridge.sharding;

import io.shardbridge.target.ShardedTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.config.Dialect;
import io.shardbridge.testing.TestTargets;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a service does through the sharded target, run against real shard databases of one dialect
 * (one subclass per dialect, as ShedLock runs one contract per database). Placement is checked on the
 * physical tables, not only through the routing layer, so a routing bug cannot hide behind itself.
 */
abstract class ShardingContract {
    // Aggregates carry aliases: on MySQL shards the service's SQL is parsed as PostgreSQL (DESIGN §9) and
    // ShardingSphere then cannot match an unaliased COUNT(*) to MySQL's column label (see MysqlShardingIT).
    private ShardedTarget target;
    private DataSource ds;

    abstract Dialect dialect();

    DataSource dataSource() {
        return ds;
    }

    @BeforeEach
    void clean() throws SQLException {
        target = TestTargets.target(dialect());
        ds = target.dataSource();
        TestTargets.truncateAll(target);
    }

    @Test
    void crudByShardKeyLandsOnTheComputedPhysicalTable() throws SQLException {
        try (Connection c = ds.getConnection()) {
            for (long user = 1; user <= 8; user++) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id, user_id, amount, status) VALUES (?, ?, ?, ?)")) {
                    ps.setLong(1, 100 + user);
                    ps.setLong(2, user);
                    ps.setBigDecimal(3, new BigDecimal("10.50"));
                    ps.setString(4, "NEW");
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE orders SET status = ? WHERE user_id = ? AND order_id = ?")) {
                ps.setString(1, "PAID");
                ps.setLong(2, 3);
                ps.setLong(3, 103);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT status, amount FROM orders WHERE user_id = ?")) {
                ps.setLong(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("PAID");
                    assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("10.50");
                    assertThat(rs.next()).isFalse();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE user_id = ?")) {
                ps.setLong(1, 4);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        ShardLayout layout = target.layout("orders").orElseThrow();
        for (long user = 1; user <= 8; user++) {
            PhysicalTable home = layout.locate(user);
            assertThat(physicalCount(home, "user_id = " + user)).as("user %d in %s", user, home).isEqualTo(user == 4 ? 0 : 1);
        }
        assertThat(layout.locate(3L)).isEqualTo(new PhysicalTable("ds1", "orders_1"));
        assertThat(totalPhysicalRows("orders")).isEqualTo(7);
    }

    @Test
    void timestampsKeepTheirMicroseconds() throws SQLException {
        java.time.LocalDateTime at = java.time.LocalDateTime.parse("2026-03-29T01:30:00.123456");
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id, user_id, amount, status, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, 1);
            ps.setLong(2, 1);
            ps.setBigDecimal(3, BigDecimal.ONE);
            ps.setString(4, "NEW");
            ps.setObject(5, at);
            ps.executeUpdate();
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT created_at FROM orders WHERE user_id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, java.time.LocalDateTime.class)).isEqualTo(at);
        }
    }

    /** JDBC: parameter values persist until cleared or replaced (stock ShardingSphere-JDBC forgets them). */
    @Test
    void parametersPersistAcrossExecutionsUntilReplaced() throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id, user_id, amount, status) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, 1);
                ps.setLong(2, 5);
                ps.setBigDecimal(3, BigDecimal.TEN);
                ps.setString(4, "NEW");
                ps.executeUpdate();
                ps.setLong(1, 2); // only the key changes
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) AS n FROM orders WHERE user_id = ? AND status = ?")) {
                ps.setLong(1, 5);
                ps.setString(2, "NEW");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(2);
                }
                ps.setString(2, "PAID");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }

    @Test
    void inListReadsEveryNamedKeyAndNothingElse() throws SQLException {
        insertOrders(1, 20);
        List<Long> users = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT user_id FROM orders WHERE user_id IN (?, ?, ?, ?) ORDER BY user_id")) {
            ps.setLong(1, 17);
            ps.setLong(2, 2);
            ps.setLong(3, 5);
            ps.setLong(4, 999);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(rs.getLong(1));
                }
            }
        }
        assertThat(users).containsExactly(2L, 5L, 17L);
    }

    @Test
    void rangeOrderByLimitAndKeysetPaginationAcrossShards() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO account (account_id, owner, balance) VALUES (?, ?, ?)")) {
            for (int id = 1; id <= 4000; id += 7) {
                ps.setLong(1, id);
                ps.setString(2, "owner-" + id);
                ps.setBigDecimal(3, BigDecimal.valueOf(id, 2));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // the range table puts [1000,2000) in ds0.account_1 and [2000,3000) in ds1.account_0
        assertThat(physicalCount(new PhysicalTable("ds0", "account_1"), "account_id >= 1000 AND account_id < 2000")).isPositive();
        assertThat(physicalCount(new PhysicalTable("ds0", "account_1"), "account_id < 1000 OR account_id >= 2000")).isZero();

        List<Long> firstPage = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT account_id FROM account WHERE account_id BETWEEN ? AND ? ORDER BY account_id DESC LIMIT ? OFFSET ?")) {
            ps.setLong(1, 900);
            ps.setLong(2, 2100);
            ps.setInt(3, 5);
            ps.setInt(4, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    firstPage.add(rs.getLong(1));
                }
            }
        }
        // ids are 1 + 7k: the largest ≤ 2100 is 2094; skipping two leaves 2080 first
        assertThat(firstPage).containsExactly(2080L, 2073L, 2066L, 2059L, 2052L);

        List<Long> all = new ArrayList<>();
        long after = 0;
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT account_id FROM account WHERE account_id > ? ORDER BY account_id LIMIT ?")) {
            while (true) {
                ps.setLong(1, after);
                ps.setInt(2, 97);
                int page = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getLong(1);
                        all.add(after);
                        page++;
                    }
                }
                if (page < 97) {
                    break;
                }
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long id = 1; id <= 4000; id += 7) {
            expected.add(id);
        }
        assertThat(all).isEqualTo(expected);
    }

    @Test
    void aggregatesAcrossShards() throws SQLException {
        insertOrders(1, 40);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) AS n, SUM(amount) AS total, MIN(user_id) AS lo, MAX(user_id) AS hi, AVG(amount) AS mean FROM orders")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(40);
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("820"); // amounts 1..40 → 820
            assertThat(rs.getLong(3)).isEqualTo(1);
            assertThat(rs.getLong(4)).isEqualTo(40);
            assertThat(rs.getBigDecimal(5)).isEqualByComparingTo("20.5");
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY status")) {
            Map<String, Long> byStatus = new java.util.LinkedHashMap<>();
            while (rs.next()) {
                byStatus.put(rs.getString(1), rs.getLong(2));
            }
            assertThat(byStatus).containsExactly(Map.entry("EVEN", 20L), Map.entry("ODD", 20L));
        }
    }

    @Test
    void batchInsertSpreadsOverEveryShard() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO order_item (item_id, order_id, user_id, sku, qty) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 200; i++) {
                ps.setLong(1, i);
                ps.setLong(2, i / 4);
                ps.setLong(3, i % 13);
                ps.setString(4, "sku-" + i);
                ps.setInt(5, 1 + i % 3);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertThat(counts).hasSize(200);
        }
        assertThat(totalPhysicalRows("order_item")).isEqualTo(200);
        for (PhysicalTable physical : target.layout("order_item").orElseThrow().physicalTables()) {
            assertThat(physicalCount(physical, "1 = 1")).as("%s gets part of the batch", physical).isPositive();
        }
    }

    @Test
    void transactionAcrossShardsCommitsOrRollsBackAsOne() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insertOrder(c, 1, 1);
            insertOrder(c, 2, 2);
            insertOrder(c, 3, 3);
            c.rollback();
            assertThat(count(c, "orders")).isZero();
            insertOrder(c, 1, 1);
            insertOrder(c, 2, 2);
            insertOrder(c, 3, 3);
            c.commit();
            c.setAutoCommit(true);
        }
        assertThat(totalPhysicalRows("orders")).isEqualTo(3);
        assertThat(physicalCount(target.layout("orders").orElseThrow().locate(1L), "1 = 1")).isEqualTo(1);
        assertThat(physicalCount(target.layout("orders").orElseThrow().locate(2L), "1 = 1")).isEqualTo(1);
    }

    @Test
    void generatedKeysAreReturnedAndStored() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            for (long user = 1; user <= 5; user++) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (user_id, amount, status) VALUES (?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setLong(1, user);
                    ps.setBigDecimal(2, BigDecimal.ONE);
                    ps.setString(3, "NEW");
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        assertThat(keys.next()).isTrue();
                        ids.add(keys.getLong(1));
                    }
                }
            }
            assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id > 0);
            try (PreparedStatement ps = c.prepareStatement("SELECT order_id FROM orders WHERE user_id = ?")) {
                ps.setLong(1, 4);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(ids.get(3));
                }
            }
        }
    }

    @Test
    void broadcastTableIsWrittenToEveryShard() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO card_bin (bin, bank) VALUES (?, ?)")) {
            ps.setString(1, "622202");
            ps.setString(2, "ICBC");
            ps.executeUpdate();
        }
        for (String shard : target.config().shardNames()) {
            assertThat(physicalCount(new PhysicalTable(shard, "card_bin"), "bin = '622202'")).as(shard).isEqualTo(1);
        }
    }

    @Test
    void bindingTableJoinStaysOnOneShardAndIsCorrect() throws SQLException {
        try (Connection c = ds.getConnection()) {
            for (long user = 1; user <= 6; user++) {
                insertOrder(c, 1000 + user, user);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO order_item (item_id, order_id, user_id, sku, qty) VALUES (?, ?, ?, ?, ?)")) {
                    for (int k = 0; k < 3; k++) {
                        ps.setLong(1, user * 10 + k);
                        ps.setLong(2, 1000 + user);
                        ps.setLong(3, user);
                        ps.setString(4, "sku-" + k);
                        ps.setInt(5, k + 1);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT o.order_id, i.sku, i.qty FROM orders o JOIN order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id
                     WHERE o.user_id = ? ORDER BY i.sku""")) {
                ps.setLong(1, 5);
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getLong(1) + ":" + rs.getString(2) + ":" + rs.getInt(3));
                    }
                }
                assertThat(rows).containsExactly("1005:sku-0:1", "1005:sku-1:2", "1005:sku-2:3");
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) AS n FROM orders o JOIN order_item i ON o.order_id = i.order_id AND o.user_id = i.user_id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(18);
            }
        }
    }

    @Test
    void intervalTablePlacesEachMonthAndPrunesDateRanges() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO daily_event (event_day, event_id, note) VALUES (?, ?, ?)")) {
            LocalDate day = LocalDate.of(2024, 1, 15);
            for (int i = 0; i < 12; i++) {
                ps.setDate(1, Date.valueOf(day.plusMonths(i)));
                ps.setLong(2, i);
                ps.setString(3, "month " + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        ShardLayout layout = target.layout("daily_event").orElseThrow();
        assertThat(layout.locate(LocalDate.of(2024, 2, 1))).isEqualTo(new PhysicalTable("ds0", "daily_event_1"));
        assertThat(physicalCount(new PhysicalTable("ds0", "daily_event_1"), "event_id IN (1, 5, 9)")).isEqualTo(3);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT event_id FROM daily_event WHERE event_day BETWEEN ? AND ? ORDER BY event_day")) {
            ps.setDate(1, Date.valueOf("2024-03-01"));
            ps.setDate(2, Date.valueOf("2024-05-31"));
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            assertThat(ids).containsExactly(2L, 3L, 4L);
        }
    }

    @Test
    void aTableInNoRuleResolvesToTheShardThatHoldsIt() throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO single_note (note_id, body) VALUES (?, ?)")) {
                ps.setLong(1, 7);
                ps.setString(2, "unsharded");
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT body FROM single_note WHERE note_id = 7")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("unsharded");
            }
        }
        assertThat(physicalCount(new PhysicalTable("ds0", "single_note"), "note_id = 7")).isEqualTo(1);
    }

    @Test
    void unshardedTableNameGivesAClearErrorAndWritesNothing() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO no_such_table (id) VALUES (1)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no_such_table");
        }
    }

    private void insertOrders(int fromUser, int toUser) throws SQLException {
        try (Connection c = ds.getConnection()) {
            for (long user = fromUser; user <= toUser; user++) {
                insertOrder(c, user, user);
            }
        }
    }

    private static void insertOrder(Connection c, long orderId, long user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (order_id, user_id, amount, status) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, orderId);
            ps.setLong(2, user);
            ps.setBigDecimal(3, BigDecimal.valueOf(user));
            ps.setString(4, user % 2 == 0 ? "EVEN" : "ODD");
            ps.executeUpdate();
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) AS n FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long physicalCount(PhysicalTable table, String where) throws SQLException {
        try (Connection c = target.shardDataSources().get(table.shard()).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table.table() + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long totalPhysicalRows(String logical) throws SQLException {
        long total = 0;
        for (PhysicalTable physical : target.layout(logical).orElseThrow().physicalTables()) {
            total += physicalCount(physical, "1 = 1");
        }
        return total;
    }
}
