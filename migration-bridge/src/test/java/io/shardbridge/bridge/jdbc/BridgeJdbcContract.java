package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every JDBC path a service uses, through the migration layer, in the phases that matter, with both
 * sides compared row by row afterwards (the target read physically, not through the router).
 */
abstract class BridgeJdbcContract {
    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = BridgeFixture.get(dialect());
        ds = fixture.dataSource();
        fixture.reset("jdbc", MigrationPhase.LEGACY_ONLY, "bw_account", "bw_entry", "bw_audit");
    }

    @Test
    void tablesOutsideEveryUnitGoStraightToLegacy() throws SQLException {
        fixture.walk("jdbc", MigrationPhase.DUAL_WRITE);
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO bw_audit (note) VALUES (?)")) {
            assertThat(ps).isInstanceOf(PassThroughPreparedStatement.class);
            assertThat(ps.getConnection()).isSameAs(c);
            ps.setString(1, "hello");
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement();
             ResultSet rs = st.executeQuery("SELECT note FROM bw_audit")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("hello");
        }
    }

    @Test
    void legacyOnlyWritesOnlyLegacy() throws SQLException {
        insertAccount(7, "10.00");
        assertThat(fixture.legacyRows("bw_account")).hasSize(1);
        assertThat(fixture.targetRows("bw_account")).isEmpty();
    }

    @Test
    void dualWriteMirrorsEveryKindOfWriteAsRowImages() throws SQLException {
        fixture.walk("jdbc", MigrationPhase.DUAL_WRITE);
        // single-row autocommit insert: serial key, DEFAULT now(), jsonb, uuid come from legacy
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO bw_account (user_id, balance, meta, token) VALUES (?, ?, ?::jsonb, gen_random_uuid())")) {
            ps.setLong(1, 1);
            ps.setBigDecimal(2, new BigDecimal("1.50"));
            ps.setString(3, "{\"tier\": 1, \"名\": \"卡\"}");
            assertThat(ps.executeUpdate()).isEqualTo(1);
            ps.setLong(1, 2); // parameters 2 and 3 persist across executions, as JDBC requires
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        // multi-row insert through a plain Statement
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("INSERT INTO bw_account (user_id, balance) VALUES (3, 3), (4, 4), (5, 5)")).isEqualTo(3);
        }
        // batched insert in an explicit transaction
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_account (user_id, balance) VALUES (?, ?)")) {
                for (int i = 10; i < 30; i++) {
                    ps.setLong(1, i);
                    ps.setBigDecimal(2, BigDecimal.valueOf(i));
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).hasSize(20).containsOnly(1);
            }
            c.commit();
        }
        // multi-row UPDATE with an arbitrary WHERE, a DELETE, and an upsert
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE bw_account SET balance = balance * 2, status = 'DOUBLE' WHERE user_id % 3 = 0")).isEqualTo(7);
            assertThat(st.executeUpdate("DELETE FROM bw_account WHERE user_id BETWEEN 20 AND 24")).isEqualTo(5);
            long id = firstId(c, 10);
            assertThat(st.executeUpdate("INSERT INTO bw_account (account_id, user_id, balance) VALUES (" + id + ", 10, 99) "
                    + "ON CONFLICT (account_id) DO UPDATE SET balance = EXCLUDED.balance + bw_account.balance")).isEqualTo(1);
        }
        // a plain Statement batch: each SQL is routed (and mirrored) on its own
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO bw_account (user_id, balance) VALUES (31, 31)");
            st.addBatch("INSERT INTO bw_account (user_id, balance) VALUES (32, 32)");
            st.addBatch("UPDATE bw_account SET status = 'BATCH' WHERE user_id IN (31, 32)");
            assertThat(st.executeBatch()).containsExactly(1, 1, 2);
        }
        // a rolled-back transaction leaves nothing on either side
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE bw_account SET balance = 0");
                st.executeUpdate("INSERT INTO bw_account (user_id, balance) VALUES (999, 1)");
            }
            c.rollback();
        }
        assertBothSidesEqual("bw_account", 22);
        assertPlacedByShardKey();
    }

    @Test
    void generatedKeysAndCallersReturningClause() throws SQLException {
        fixture.walk("jdbc", MigrationPhase.DUAL_WRITE);
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_account (user_id, balance) VALUES (?, ?)", new String[] {"account_id"})) {
                ps.setLong(1, 41);
                ps.setBigDecimal(2, BigDecimal.ONE);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.getMetaData().getColumnCount()).isEqualTo(1);
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong("account_id")).isPositive();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_account (user_id, balance) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, 42);
                ps.setBigDecimal(2, BigDecimal.TEN);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong("user_id")).isEqualTo(42);
                    assertThat(keys.getString("status")).isEqualTo("OPEN");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE bw_account SET balance = balance + ? WHERE user_id IN (41, 42) RETURNING account_id, balance")) {
                ps.setBigDecimal(1, new BigDecimal("0.25"));
                List<BigDecimal> balances = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
                    while (rs.next()) {
                        balances.add(rs.getBigDecimal("balance"));
                    }
                }
                assertThat(balances).containsExactlyInAnyOrder(new BigDecimal("1.25"), new BigDecimal("10.25"));
            }
            try (Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeQuery("UPDATE bw_account SET balance = 0 WHERE user_id = 41 RETURNING balance"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("primary key").hasMessageContaining("account_id");
            }
        }
        assertBothSidesEqual("bw_account", 2);
    }

    @Test
    void savepointsIsolationReadOnlyAndMetadata() throws SQLException {
        fixture.walk("jdbc", MigrationPhase.DUAL_WRITE);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO bw_account (user_id, balance) VALUES (50, 5), (51, 5)");
                Savepoint sp = c.setSavepoint("before_raise");
                st.executeUpdate("UPDATE bw_account SET balance = 500 WHERE user_id = 50");
                st.executeUpdate("DELETE FROM bw_account WHERE user_id = 51");
                c.rollback(sp);
                st.executeUpdate("INSERT INTO bw_account (user_id, balance) VALUES (52, 5)");
            }
            c.commit();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(true);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM bw_account WHERE user_id = ?")) {
                ps.setFetchSize(10);
                ps.setLong(1, 50);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("5");
                }
                assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(1);
                assertThat(ps.getMetaData().getColumnName(1)).isEqualTo("balance");
            }
            c.setReadOnly(false);
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(c.isValid(2)).isTrue();
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThat(c.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
        }
        assertBothSidesEqual("bw_account", 3);
    }

    @Test
    void whatCannotBeMirroredSafelyIsRefusedBeforeAnythingIsWritten() throws SQLException {
        fixture.walk("jdbc", MigrationPhase.DUAL_WRITE);
        insertAccount(60, "6");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("ALTER TABLE bw_account ADD COLUMN nickname text"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("DDL").hasMessageContaining("jdbc")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"));
            // a key assigned by an upsert cannot be followed to its new place (a plain UPDATE moves the row: KeyMoveContract)
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO bw_account (account_id, user_id, balance) SELECT account_id, 61, 0 "
                    + "FROM bw_account WHERE user_id = 60 ON CONFLICT (account_id) DO UPDATE SET user_id = 61"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("user_id").hasMessageContaining("Nothing was written");
            // assigning the value a row already has (ORMs write every column) is fine
            assertThat(st.executeUpdate("UPDATE bw_account SET user_id = 60, balance = 7 WHERE user_id = 60")).isEqualTo(1);
            // a legacy-only table joined with a unit table is fine while legacy is authoritative
            st.executeQuery("SELECT * FROM bw_account a JOIN bw_audit x ON x.audit_id = a.account_id").close();
        }
        assertThatThrownBy(() -> ds.bridge().moveTo("jdbc", MigrationPhase.LIVE)).hasMessageContaining("one step");
        assertThatThrownBy(() -> ds.bridge().moveTo("nokey", MigrationPhase.DUAL_WRITE)).hasMessageContaining("no primary key");
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = 'bw_account' AND column_name = 'nickname'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertBothSidesEqual("bw_account", 1);
    }

    @Test
    void authoritativeErrorsReachTheCallerUnchanged() throws SQLException {
        fixture.walk("jdbc", MigrationPhase.DUAL_WRITE);
        insertAccount(70, "1");
        long id;
        try (Connection c = ds.getConnection()) {
            id = firstId(c, 70);
        }
        SQLException direct = null;
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO bw_account (account_id, user_id, balance) VALUES (" + id + ", 70, 1)");
        } catch (SQLException e) {
            direct = e;
        }
        assertThat((Object) direct).isNotNull();
        SQLException bridged = null;
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO bw_account (account_id, user_id, balance) VALUES (" + id + ", 70, 1)");
        } catch (SQLException e) {
            bridged = e;
        }
        assertThat((Object) bridged).isNotNull();
        assertThat(bridged.getSQLState()).isEqualTo(direct.getSQLState()).isEqualTo("23505");
        assertThat(bridged.getErrorCode()).isEqualTo(direct.getErrorCode());
        assertThat(bridged.getMessage()).isNotBlank();
        assertBothSidesEqual("bw_account", 1);
    }

    @Test
    void liveWritesTheTargetAndMirrorsBackToLegacy() throws SQLException {
        fixture.walk("jdbc", MigrationPhase.DUAL_WRITE);
        insertAccount(80, "8");
        fixture.walk("jdbc", MigrationPhase.LIVE);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_account (account_id, user_id, balance, status, opened_at) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 6; i++) {
                    ps.setLong(1, 900_000 + i);
                    ps.setLong(2, 81 + i);
                    ps.setBigDecimal(3, new BigDecimal(i + ".5"));
                    ps.setString(4, "LIVE");
                    ps.setObject(5, java.time.OffsetDateTime.parse("2026-03-29T01:30:00.123456Z"));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE bw_account SET balance = balance + 1 WHERE user_id = ?")) {
                ps.setLong(1, 80);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                ps.setLong(1, 82);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM bw_account WHERE user_id = ?")) {
                ps.setLong(1, 83);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            // no shard key in the WHERE clause: every physical table is reached, and every changed row is mirrored
            // (ShardingSphere alone would return the RETURNING rows of the first physical table only)
            try (Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("UPDATE bw_account SET status = 'RICH' WHERE balance > 2")).isEqualTo(5);
                assertThat(st.executeUpdate("DELETE FROM bw_account WHERE account_id IN (900000, 900005)")).isEqualTo(2);
            }
            c.commit();
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) AS n FROM bw_account")) {
            rs.next();
            assertThat(rs.getLong("n")).isEqualTo(4);
        }
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM bw_account a JOIN bw_audit x ON x.audit_id = a.account_id"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("different sides");
        }
        assertBothSidesEqual("bw_account", 4);
        assertPlacedByShardKey();
        fixture.walk("jdbc", MigrationPhase.DUAL_WRITE);
        insertAccount(90, "9");
        assertBothSidesEqual("bw_account", 5);
    }

    @Test
    void shadowReadsCompareAndNeverFailTheCaller() throws Exception {
        fixture.walk("jdbc", MigrationPhase.DUAL_WRITE);
        insertAccount(100, "10");
        insertAccount(101, "11");
        ds.bridge().awaitMirrored();
        fixture.walk("jdbc", MigrationPhase.SHADOW);
        double matchesBefore = counter("match");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT user_id, balance FROM bw_account WHERE user_id >= ?")) {
            ps.setLong(1, 100);
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(2);
            }
        }
        awaitCounter("match", matchesBefore + 1);
        // corrupt the target behind the layer's back: the caller still gets legacy's answer, the mismatch is counted
        ShardLayout layout = fixture.layout("bw_account");
        var physical = layout.locate(101L);
        try (Connection c = fixture.shardConnection(physical.shard()); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE " + physical.table() + " SET balance = 12345 WHERE user_id = 101");
        }
        double mismatchesBefore = counter("mismatch");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT balance FROM bw_account WHERE user_id = 101")) {
            rs.next();
            assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("11");
        }
        awaitCounter("mismatch", mismatchesBefore + 1);
    }

    private double counter(String result) {
        var c = fixture.registry().find("shardbridge.shadow.reads").tag("unit", "jdbc").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    private void awaitCounter(String result, double atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (counter(result) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(counter(result)).as("shadow reads with result " + result).isGreaterThanOrEqualTo(atLeast);
    }

    void insertAccount(long userId, String balance) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO bw_account (user_id, balance) VALUES (?, ?)")) {
            ps.setLong(1, userId);
            ps.setBigDecimal(2, new BigDecimal(balance));
            ps.executeUpdate();
        }
    }

    static long firstId(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT account_id FROM bw_account WHERE user_id = ? ORDER BY account_id LIMIT 1")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    void assertBothSidesEqual(String table, int expectedRows) throws SQLException {
        ds.bridge().awaitMirrored();
        List<String> legacy = fixture.legacyRows(table);
        assertThat(legacy).hasSize(expectedRows);
        assertThat(fixture.targetRows(table)).containsExactlyElementsOf(legacy);
    }

    void assertPlacedByShardKey() throws SQLException {
        ShardLayout layout = fixture.layout("bw_account");
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT account_id, user_id FROM bw_account")) {
            List<String> expected = new ArrayList<>();
            while (rs.next()) {
                expected.add(layout.locate(rs.getLong(2)) + ":" + rs.getLong(1));
            }
            assertThat(fixture.placements("bw_account")).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
