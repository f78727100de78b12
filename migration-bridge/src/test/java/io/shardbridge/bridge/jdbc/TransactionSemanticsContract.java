package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transactions through the migration layer mean what they mean on plain PostgreSQL. Each script runs
 * twice: on a plain pgjdbc connection to legacy (the oracle) and through shardbridge, in DUAL_WRITE
 * (legacy authoritative) and in LIVE (the target authoritative). What the caller sees at every step
 * (success, or the SQLState class of the error) must match the oracle, legacy must end with the
 * oracle's rows, and the target must hold exactly legacy's rows.
 */
abstract class TransactionSemanticsContract {
    static final String SEED = "INSERT INTO bw_account (account_id, user_id, balance, status) VALUES (1, 1, 10, 'OPEN'), (2, 2, 20, 'OPEN')";
    static final String DUPLICATE = "INSERT INTO bw_account (account_id, user_id, balance) VALUES (1, 1, 99)";

    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() {
        fixture = BridgeFixture.get(dialect());
        ds = fixture.dataSource();
    }

    /** One transaction script, written once for both connections. */
    interface Script {
        void run(Connection c, Steps steps) throws SQLException;
    }

    /** Runs steps on one connection and records what the caller saw at each. */
    static final class Steps {
        final Connection c;
        final List<String> seen = new ArrayList<>();
        final Map<String, Savepoint> savepoints = new HashMap<>();

        Steps(Connection c) {
            this.c = c;
        }

        interface Action {
            void run() throws SQLException;
        }

        void step(String label, Action action) {
            try {
                action.run();
                seen.add(label + ": ok");
            } catch (SQLException e) {
                String state = e.getSQLState();
                seen.add(label + ": error " + (state == null ? "null" : state.substring(0, 2)));
            }
        }

        void sql(String sql) {
            step(sql, () -> {
                try (Statement st = c.createStatement()) {
                    st.execute(sql);
                }
            });
        }

        void prepared(String sql, Object... parameters) {
            step(sql, () -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.length; i++) {
                        ps.setObject(i + 1, parameters[i]);
                    }
                    ps.execute();
                }
            });
        }

        void savepoint(String name) {
            step("savepoint " + name, () -> savepoints.put(name, c.setSavepoint(name)));
        }

        void unnamedSavepoint(String key) {
            step("unnamed savepoint", () -> savepoints.put(key, c.setSavepoint()));
        }

        void rollbackTo(String name) {
            step("rollback to " + name, () -> c.rollback(savepoints.get(name)));
        }

        void release(String name) {
            step("release " + name, () -> c.releaseSavepoint(savepoints.get(name)));
        }

        void commit() {
            step("commit", c::commit);
        }

        void rollback() {
            step("rollback", c::rollback);
        }
    }

    private void runAgainstOracle(MigrationPhase phase, Script script) throws SQLException {
        fixture.reset("jdbc", phase, "bw_account", "bw_entry", "bw_audit");
        List<String> oracleSeen;
        List<String> oracleRows;
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate(SEED);
            }
            c.setAutoCommit(false);
            Steps steps = new Steps(c);
            try {
                script.run(c, steps);
            } finally {
                if (!c.isClosed()) {
                    c.rollback();
                }
            }
            oracleSeen = steps.seen;
        }
        oracleRows = legacyProjection();
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("TRUNCATE bw_account, bw_audit");
        }

        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate(SEED);
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false); // a fresh connection: no side has joined a transaction yet
            Steps steps = new Steps(c);
            try {
                script.run(c, steps);
            } finally {
                if (!c.isClosed()) {
                    c.rollback();
                }
            }
            assertThat(steps.seen).as("what the caller saw through shardbridge in " + phase).containsExactlyElementsOf(oracleSeen);
        }
        ds.bridge().awaitMirrored();
        assertThat(legacyProjection()).as("legacy after the script in " + phase).containsExactlyElementsOf(oracleRows);
        assertThat(fixture.targetRows("bw_account")).as("target after the script in " + phase)
                .containsExactlyElementsOf(fixture.legacyRows("bw_account"));
        assertThat(intents()).as("intents left behind in " + phase).isZero();
    }

    static List<String> legacyProjection() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT account_id, user_id, balance, status FROM bw_account ORDER BY account_id")) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) + "|" + rs.getLong(2) + "|" + rs.getBigDecimal(3).stripTrailingZeros().toPlainString() + "|" + rs.getString(4));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT note FROM bw_audit ORDER BY audit_id")) {
                while (rs.next()) {
                    rows.add("audit|" + rs.getString(1));
                }
            }
        }
        return rows;
    }

    long intents() throws SQLException {
        long n = 0;
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM shardbridge_intent WHERE unit_name = 'jdbc'")) {
            rs.next();
            n += rs.getLong(1);
        }
        for (String shard : fixture.config().target().shardNames()) {
            try (Connection c = fixture.shardConnection(shard); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM shardbridge_intent WHERE unit_name = 'jdbc'")) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void commitAfterACaughtErrorCommitsNothing(MigrationPhase phase) throws SQLException {
        runAgainstOracle(phase, (c, s) -> {
            s.sql("UPDATE bw_account SET status = 'X' WHERE account_id = 1");
            s.prepared("UPDATE bw_account SET balance = ? WHERE account_id = ?", 55, 2);
            s.sql(DUPLICATE); // the service catches it and commits anyway
            s.commit();
        });
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void statementsAfterAnErrorFailUntilRollbackAndARetryCommits(MigrationPhase phase) throws SQLException {
        runAgainstOracle(phase, (c, s) -> {
            s.sql("UPDATE bw_account SET status = 'X' WHERE account_id = 1");
            s.sql(DUPLICATE);
            s.sql("UPDATE bw_account SET status = 'Y' WHERE account_id = 2");
            s.prepared("SELECT count(*) FROM bw_account WHERE user_id = ?", 1);
            s.rollback();
            // the retry
            s.sql("UPDATE bw_account SET status = 'RETRIED' WHERE account_id = 1");
            s.commit();
        });
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void rollbackToASavepointSetBeforeAnyWriteUndoesTheWritesAfterIt(MigrationPhase phase) throws SQLException {
        runAgainstOracle(phase, (c, s) -> {
            s.savepoint("first");
            s.sql("INSERT INTO bw_account (account_id, user_id, balance) VALUES (3, 3, 30)");
            s.sql("UPDATE bw_account SET balance = 11 WHERE account_id = 1");
            s.rollbackTo("first");
            s.sql("INSERT INTO bw_account (account_id, user_id, balance) VALUES (4, 4, 40)");
            s.commit();
        });
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void savepointSetAfterAReadOnTheOtherSide(MigrationPhase phase) throws SQLException {
        runAgainstOracle(phase, (c, s) -> {
            s.sql("SELECT count(*) FROM bw_audit");
            s.savepoint("after_read");
            s.prepared("INSERT INTO bw_account (account_id, user_id, balance) VALUES (?, ?, ?)", 3, 3, 30);
            s.rollbackTo("after_read");
            s.prepared("UPDATE bw_account SET status = ? WHERE account_id = ?", "KEPT", 2);
            s.commit();
        });
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void nestedTransactionThatFailsIsRolledBackToItsSavepointAndTheOuterCommits(MigrationPhase phase) throws SQLException {
        // Spring's PROPAGATION_NESTED: outer work, a savepoint, the inner work fails, rollback to the savepoint, commit
        runAgainstOracle(phase, (c, s) -> {
            s.sql("UPDATE bw_account SET status = 'OUTER' WHERE account_id = 1");
            s.savepoint("nested");
            s.sql("INSERT INTO bw_account (account_id, user_id, balance) VALUES (5, 5, 50)");
            s.sql(DUPLICATE);
            s.rollbackTo("nested");
            s.sql("UPDATE bw_account SET balance = 7 WHERE account_id = 2");
            s.commit();
        });
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void nestedAndReleasedSavepoints(MigrationPhase phase) throws SQLException {
        runAgainstOracle(phase, (c, s) -> {
            s.savepoint("a");
            s.sql("INSERT INTO bw_account (account_id, user_id, balance) VALUES (3, 3, 30)");
            s.savepoint("b");
            s.sql("INSERT INTO bw_account (account_id, user_id, balance) VALUES (4, 4, 40)");
            s.release("b");
            s.savepoint("c");
            s.sql("DELETE FROM bw_account WHERE account_id = 1");
            s.savepoint("d");
            s.sql("UPDATE bw_account SET status = 'D' WHERE account_id = 2");
            s.rollbackTo("c");
            s.sql("UPDATE bw_account SET status = 'AFTER_C' WHERE account_id = 3");
            s.release("a");
            s.commit();
        });
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void aRollbackToASavepointBeforeTheFirstWriteFreesTheTransactionToWriteTheOtherSide(MigrationPhase phase) throws SQLException {
        runAgainstOracle(phase, (c, s) -> {
            s.savepoint("before_any_write");
            s.sql("INSERT INTO bw_account (account_id, user_id, balance) VALUES (3, 3, 30)");
            s.rollbackTo("before_any_write");
            s.prepared("INSERT INTO bw_audit (note) VALUES (?)", "written after the rollback");
            s.commit();
        });
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void anErrorRaisedInTheDriverDoesNotAbortTheTransaction(MigrationPhase phase) throws SQLException {
        runAgainstOracle(phase, (c, s) -> {
            s.sql("UPDATE bw_account SET status = 'KEPT' WHERE account_id = 1");
            s.step("a parameter left unset", () -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM bw_audit WHERE audit_id = ?")) {
                    ps.executeQuery().close(); // pgjdbc refuses it before anything reaches the server
                }
            });
            s.sql("UPDATE bw_account SET balance = 12 WHERE account_id = 2");
            s.commit();
        });
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void unnamedSavepointsRolledBackToTwice(MigrationPhase phase) throws SQLException {
        runAgainstOracle(phase, (c, s) -> {
            s.sql("UPDATE bw_account SET status = 'BEFORE' WHERE account_id = 1");
            s.unnamedSavepoint("x");
            s.sql("INSERT INTO bw_account (account_id, user_id, balance) VALUES (3, 3, 30)");
            s.rollbackTo("x");
            s.sql("INSERT INTO bw_account (account_id, user_id, balance) VALUES (4, 4, 40)");
            s.unnamedSavepoint("y");
            s.sql("UPDATE bw_account SET balance = 0 WHERE account_id = 4");
            s.rollbackTo("x"); // past y, and a second time to x
            s.sql("UPDATE bw_account SET status = 'AFTER' WHERE account_id = 2");
            s.commit();
        });
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void rollbackOnlyLeavesNothing(MigrationPhase phase) throws SQLException {
        runAgainstOracle(phase, (c, s) -> {
            s.sql("UPDATE bw_account SET status = 'GONE' WHERE account_id = 1");
            s.sql("INSERT INTO bw_account (account_id, user_id, balance) VALUES (3, 3, 30)");
            s.rollback();
            s.commit();
        });
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "LIVE"})
    void connectionClosedMidTransactionLeavesNothing(MigrationPhase phase) throws SQLException {
        runAgainstOracle(phase, (c, s) -> {
            s.sql("UPDATE bw_account SET status = 'GONE' WHERE account_id = 1");
            s.savepoint("open");
            s.sql("INSERT INTO bw_account (account_id, user_id, balance) VALUES (3, 3, 30)");
            s.step("close", c::close);
        });
    }
    /** How the statement that would write the second side is sent. */
    enum Path { STATEMENT, PREPARED, STATEMENT_BATCH, PREPARED_BATCH, CALLABLE }

    private static void write(Connection c, Path path, String sql) throws SQLException {
        switch (path) {
            case STATEMENT -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate(sql);
                }
            }
            case PREPARED -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.executeUpdate();
                }
            }
            case STATEMENT_BATCH -> {
                try (Statement st = c.createStatement()) {
                    st.addBatch(sql);
                    st.executeBatch();
                }
            }
            case PREPARED_BATCH -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.addBatch();
                    ps.executeBatch();
                }
            }
            case CALLABLE -> {
                try (java.sql.CallableStatement cs = c.prepareCall(sql)) {
                    cs.execute();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aTransactionThatWouldWriteBothSidesIsRefusedBeforeTheSecondSideIsWritten(Path path) throws SQLException {
        fixture.reset("jdbc", MigrationPhase.LIVE, "bw_account", "bw_entry", "bw_audit");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate(SEED);
        }
        ds.bridge().awaitMirrored();
        List<String> seeded = legacyProjection();
        assertThat(seeded).hasSize(2);
        String unitWrite = "INSERT INTO bw_account (account_id, user_id, balance) VALUES (3, 3, 30)";
        String legacyWrite = "INSERT INTO bw_audit (note) VALUES ('" + path + "')";
        // the unit table (authoritative on the target) first, then a table in no unit (legacy) through each path
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            write(c, Path.PREPARED, unitWrite);
            SQLException refused = null;
            try {
                write(c, path, legacyWrite);
            } catch (SQLException e) {
                refused = e;
            }
            assertThat((Object) refused).as("legacy write after a target write through " + path).isNotNull();
            assertThat(refused.getSQLState()).isEqualTo("0A000");
            assertThat(refused.getMessage()).contains("bw_audit").contains("jdbc");
            c.commit(); // a transaction with a failed statement commits nothing, as on PostgreSQL
        }
        ds.bridge().awaitMirrored();
        assertThat(legacyProjection()).as("after target then legacy through " + path).containsExactlyElementsOf(seeded);
        assertThat(fixture.targetRows("bw_account")).containsExactlyElementsOf(fixture.legacyRows("bw_account"));
        // the other order: legacy first through each path, then the unit table
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            write(c, path, legacyWrite);
            SQLException refused = null;
            try {
                write(c, Path.PREPARED, unitWrite);
            } catch (SQLException e) {
                refused = e;
            }
            assertThat((Object) refused).as("target write after a legacy write through " + path).isNotNull();
            assertThat(refused.getSQLState()).isEqualTo("0A000");
            c.commit();
        }
        ds.bridge().awaitMirrored();
        assertThat(legacyProjection()).as("after legacy then target through " + path).containsExactlyElementsOf(seeded);
        assertThat(fixture.targetRows("bw_account")).containsExactlyElementsOf(fixture.legacyRows("bw_account"));
    }

    /** Ends, from outside, every session of {@code shard} that holds an open transaction. */
    private void killTransactionsOn(String shard) throws SQLException {
        try (Connection admin = fixture.shardConnection(shard); Statement st = admin.createStatement()) {
            if (dialect() == Dialect.POSTGRESQL) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'");
            } else {
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT p.ID FROM information_schema.PROCESSLIST p JOIN information_schema.INNODB_TRX t "
                        + "ON t.trx_mysql_thread_id = p.ID WHERE p.DB = DATABASE() AND p.ID <> CONNECTION_ID()")) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                for (long id : ids) {
                    st.execute("KILL CONNECTION " + id);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aCommitThatFailsOnAShardReachesTheCallerWithItsSqlStateAndMessage() throws SQLException {
        fixture.reset("jdbc", MigrationPhase.LIVE, "bw_account", "bw_entry", "bw_audit");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate(SEED);
        }
        String shard = fixture.layout("bw_account").locate(1L).shard();
        SQLException failed = null;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM bw_account WHERE user_id = ? FOR UPDATE")) {
                ps.setLong(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            killTransactionsOn(shard); // the shard's session dies between the statement and the commit
            try {
                c.commit();
            } catch (SQLException e) {
                failed = e;
            }
        }
        assertThat((Object) failed).as("the commit on a dead shard session fails").isNotNull();
        assertThat(failed.getSQLState()).as("SQLState of " + chain(failed)).isNotNull();
        assertThat(failed.getMessage()).isNotBlank();
    }

    static String chain(Throwable e) {
        StringBuilder out = new StringBuilder();
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        out.append(w);
        if (e instanceof SQLException sql && sql.getNextException() != null) {
            out.append("\nnext: ").append(chain(sql.getNextException()));
        }
        return out.toString();
    }
}
