package io.shardbridge.sharding.tx;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * MariaDB/MySQL branches: {@code XA START} before the branch's first statement, then {@code XA END} and
 * {@code XA PREPARE}. The xid is (gtrid = transaction id, bqual = branch database), written as hex literals
 * so no name needs quoting. MariaDB 10.5+ and MySQL 5.7+ keep a prepared branch when its session ends, so
 * another instance can resolve it.
 */
final class XaBranches implements Branches {
    private static final int XAER_NOTA = 1397;

    @Override
    public boolean startsAtJoin() {
        return true;
    }

    @Override
    public void start(Connection c, String txId, String branchDb) throws SQLException {
        run(c, "XA START " + xid(txId, branchDb));
    }

    @Override
    public void prepare(Participant p, String txId) throws SQLException {
        run(p.physical, "XA END " + xid(txId, p.database));
        run(p.physical, "XA PREPARE " + xid(txId, p.database));
        p.prepared = true;
    }

    @Override
    public void commitOnePhase(Participant p, String txId) throws SQLException {
        if (!p.xaStarted) {
            p.physical.commit();
            return;
        }
        run(p.physical, "XA END " + xid(txId, p.database));
        run(p.physical, "XA COMMIT " + xid(txId, p.database) + " ONE PHASE");
    }

    @Override
    public void rollback(Participant p, String txId) throws SQLException {
        if (!p.xaStarted && !p.prepared) {
            p.physical.rollback();
            return;
        }
        if (!p.prepared) {
            try {
                run(p.physical, "XA END " + xid(txId, p.database));
            } catch (SQLException alreadyEndedOrRolledBack) {
                // XA END fails once the branch is rollback-only (XA_RB*); XA ROLLBACK below still applies
            }
        }
        try {
            run(p.physical, "XA ROLLBACK " + xid(txId, p.database));
        } catch (SQLException e) {
            if (!isUnknownBranch(e)) {
                throw e;
            }
        }
    }

    @Override
    public void detach(Participant p) {
        try {
            p.physical.abort(Runnable::run);
        } catch (SQLException e) {
            // already gone: the branch is detached either way
        }
    }

    @Override
    public void commitPrepared(Connection c, String txId, String branchDb) throws SQLException {
        run(c, "XA COMMIT " + xid(txId, branchDb));
    }

    @Override
    public void rollbackPrepared(Connection c, String txId, String branchDb) throws SQLException {
        run(c, "XA ROLLBACK " + xid(txId, branchDb));
    }

    @Override
    public List<InDoubt> inDoubt(Connection c, String database) throws SQLException {
        List<InDoubt> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                int gtridLength = rs.getInt("gtrid_length");
                byte[] data = rs.getBytes("data");
                String gtrid = new String(data, 0, gtridLength, StandardCharsets.UTF_8);
                String bqual = new String(data, gtridLength, data.length - gtridLength, StandardCharsets.UTF_8);
                if (gtrid.startsWith(TxIds.PREFIX) && bqual.equals(database)) {
                    out.add(new InDoubt(gtrid, bqual));
                }
            }
        }
        return out;
    }

    @Override
    public String cannotPrepare(Connection c) {
        return null; // InnoDB always supports XA
    }

    @Override
    public boolean isUnknownBranch(SQLException e) {
        return e.getErrorCode() == XAER_NOTA;
    }

    static String xid(String txId, String branchDb) {
        HexFormat hex = HexFormat.of();
        return "X'" + hex.formatHex(txId.getBytes(StandardCharsets.UTF_8)) + "',X'" + hex.formatHex(branchDb.getBytes(StandardCharsets.UTF_8)) + "'";
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
