package io.shardbridge.bridge.jdbc;

import io.shardbridge.config.MigrationPhase.Side;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * One savepoint of the caller's transaction: the physical savepoint on legacy, the one on the target
 * (set when the savepoint is set, or when the target joins the transaction later), and what the
 * transaction had written when it was set — the side, and the rows captured for the mirror — so a
 * rollback to it restores that too. Its id and name are
 * legacy's, as the plain driver would report them. Owned by {@link BridgeTransaction}.
 */
final class BridgeSavepoint implements Savepoint {
    final BridgeTransaction owner;
    /** The caller's name, or null for an unnamed savepoint. */
    final String name;
    /** The name on the target: the caller's, or one the transaction gave it. */
    final String targetName;
    final Savepoint legacy;
    Savepoint target;
    final Side writeSide;
    final String writeCause;
    /** False once released or rolled back past. */
    boolean valid = true;
    /** The rows the transaction had captured for the mirror when it was set, per unit. */
    final java.util.Map<io.shardbridge.bridge.unit.DualWriteUnit, io.shardbridge.bridge.capture.PendingChanges> pending =
            new java.util.LinkedHashMap<>();

    BridgeSavepoint(BridgeTransaction owner, String name, String targetName, Savepoint legacy, Side writeSide, String writeCause) {
        this.owner = owner;
        this.name = name;
        this.targetName = targetName;
        this.legacy = legacy;
        this.writeSide = writeSide;
        this.writeCause = writeCause;
    }

    static BridgeSavepoint of(Savepoint savepoint, BridgeTransaction owner) throws SQLException {
        if (savepoint instanceof BridgeSavepoint bridge && bridge.owner == owner) {
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
