package io.shardbridge.bridge.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;

/** A savepoint on the legacy connection and, when the transaction has used it, on the target connection. */
record BridgeSavepoint(Savepoint legacy, Savepoint target) implements Savepoint {
    static BridgeSavepoint of(Savepoint savepoint) throws SQLException {
        if (savepoint instanceof BridgeSavepoint bridge) {
            return bridge;
        }
        throw new SQLException("this savepoint was not created by this shardbridge connection", "3B001");
    }

    @Override
    public int getSavepointId() throws SQLException {
        return legacy.getSavepointId();
    }

    @Override
    public String getSavepointName() throws SQLException {
        return legacy.getSavepointName();
    }
}
