package io.shardbridge.sharding.tx;

import io.shardbridge.config.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision table, {@value #TABLE}, one in every shard database: a row per cross-shard transaction whose
 * anchor is that shard, {@code outcome} 'C' (written by the committing instance inside the anchor's own
 * transaction) or 'A' (written by a recovery that found no commit). The primary key on the id is what
 * makes the two exclusive: see {@link TwoPhaseCommit}.
 */
final class DecisionLog {
    static final String TABLE = "shardbridge_tx_decision";

    private final Dialect dialect;

    DecisionLog(Dialect dialect) {
        this.dialect = dialect;
    }

    void createTable(Connection c) throws SQLException {
        String ddl = dialect == Dialect.POSTGRESQL
                ? "CREATE TABLE IF NOT EXISTS " + TABLE + " (tx_id varchar(64) PRIMARY KEY, outcome char(1) NOT NULL, decided_at timestamp NOT NULL DEFAULT now())"
                : "CREATE TABLE IF NOT EXISTS " + TABLE + " (tx_id varchar(64) PRIMARY KEY, outcome char(1) NOT NULL, "
                        + "decided_at timestamp(3) NOT NULL DEFAULT current_timestamp(3)) ENGINE=InnoDB";
        try (Statement st = c.createStatement()) {
            st.execute(ddl);
        }
    }

    /** Writes the commit decision inside the anchor's open transaction: it becomes the decision when, and only if, that transaction commits. */
    void recordCommit(Connection anchorInTransaction, String txId) throws SQLException {
        try (PreparedStatement ps = anchorInTransaction.prepareStatement("INSERT INTO " + TABLE + " (tx_id, outcome) VALUES (?, 'C')")) {
            ps.setString(1, txId);
            ps.executeUpdate();
        }
    }

    /**
     * The outcome of {@code txId}, deciding abort if nothing was decided: an abort row is inserted unless a row
     * exists. If the committing instance's row is not yet committed, the insert waits on its key lock (bounded by
     * the connection's lock timeout, which then throws and the branch is left for the next pass).
     */
    boolean resolveCommitted(Connection anchorAutoCommit, String txId) throws SQLException {
        String insert = dialect == Dialect.POSTGRESQL
                ? "INSERT INTO " + TABLE + " (tx_id, outcome) VALUES (?, 'A') ON CONFLICT (tx_id) DO NOTHING"
                : "INSERT IGNORE INTO " + TABLE + " (tx_id, outcome) VALUES (?, 'A')";
        try (PreparedStatement ps = anchorAutoCommit.prepareStatement(insert)) {
            ps.setString(1, txId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = anchorAutoCommit.prepareStatement("SELECT outcome FROM " + TABLE + " WHERE tx_id = ?")) {
            ps.setString(1, txId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no decision row for " + txId + " after recording one in " + TABLE, "55000");
                }
                return "C".equals(rs.getString(1));
            }
        }
    }

    /** Every decided id on this shard (committed rows only: a decision still in flight is invisible). */
    List<String> decided(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT tx_id FROM " + TABLE)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    void forget(Connection c, List<String> txIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE tx_id = ?")) {
            for (String id : txIds) {
                ps.setString(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
