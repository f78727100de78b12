package io.shardbridge.sharding.tx;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/** PostgreSQL branches: the local transaction is prepared at the end with {@code PREPARE TRANSACTION 'gid'}. */
final class PostgresBranches implements Branches {
    @Override
    public boolean startsAtJoin() {
        return false;
    }

    @Override
    public void start(Connection c, String txId, String branchDb) {
        // nothing: any local transaction can be prepared
    }

    @Override
    public void prepare(Participant p, String txId) throws SQLException {
        requireNotFailed(p);
        try (Statement st = p.physical.createStatement()) {
            st.execute("PREPARE TRANSACTION '" + gid(txId, p.database) + "'");
        }
        p.prepared = true;
    }

    @Override
    public void commitOnePhase(Participant p, String txId) throws SQLException {
        p.physical.commit();
    }

    @Override
    public void rollback(Participant p, String txId) throws SQLException {
        if (p.prepared) {
            rollbackPrepared(p.physical, txId, p.database);
        } else {
            p.physical.rollback();
        }
    }

    @Override
    public void detach(Participant p) {
        // a prepared transaction belongs to no session
    }

    @Override
    public void commitPrepared(Connection c, String txId, String branchDb) throws SQLException {
        outsideTransaction(c, "COMMIT PREPARED '" + gid(txId, branchDb) + "'");
    }

    @Override
    public void rollbackPrepared(Connection c, String txId, String branchDb) throws SQLException {
        outsideTransaction(c, "ROLLBACK PREPARED '" + gid(txId, branchDb) + "'");
    }

    @Override
    public List<InDoubt> inDoubt(Connection c, String database) throws SQLException {
        List<InDoubt> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT gid FROM pg_prepared_xacts WHERE database = ? AND gid LIKE ?")) {
            ps.setString(1, database);
            ps.setString(2, TxIds.PREFIX + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String gid = rs.getString(1);
                    int slash = gid.lastIndexOf('/');
                    if (slash > 0) {
                        out.add(new InDoubt(gid.substring(0, slash), gid.substring(slash + 1)));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public String cannotPrepare(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW max_prepared_transactions")) {
            rs.next();
            int max = Integer.parseInt(rs.getString(1));
            return max > 0 ? null : "max_prepared_transactions is 0 on this server (set it above the pool size, e.g. "
                    + "ALTER SYSTEM SET max_prepared_transactions = 100, and restart)";
        }
    }

    @Override
    public boolean isUnknownBranch(SQLException e) {
        return "42704".equals(e.getSQLState());
    }

    static String gid(String txId, String branchDb) {
        return txId + "/" + branchDb;
    }

    /**
     * PostgreSQL answers PREPARE TRANSACTION in a transaction with a failed statement with ROLLBACK and no
     * error; we must not count that branch as prepared.
     */
    private static void requireNotFailed(Participant p) throws SQLException {
        if (p.physical.isWrapperFor(BaseConnection.class)
                && p.physical.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED) {
            throw new SQLException("current transaction is aborted on " + p + " (a statement failed earlier in it), so it cannot commit; "
                    + "the transaction was rolled back on every shard", "25P02");
        }
    }

    /** COMMIT/ROLLBACK PREPARED cannot run inside a transaction block; the session is idle after PREPARE. */
    private static void outsideTransaction(Connection c, String sql) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
            c.setAutoCommit(true);
        }
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } finally {
            if (!autoCommit) {
                c.setAutoCommit(false);
            }
        }
    }
}
