package io.shardbridge.sharding.tx;

import io.shardbridge.config.CrossShardTransactions;
import io.shardbridge.sharding.shardingsphere.PhysicalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The transaction state of one routing connection: which shard connections joined its current transaction
 * (in order: the first is the anchor), which wrote, and whether a refused statement made it rollback-only.
 * Statements report here before they run ({@link ParticipantConnections}); commit and rollback of the
 * routing connection end here ({@link CoordinatedConnections}).
 */
final class ShardTransaction {
    private final CrossShardCoordinator coordinator;
    private final List<Participant> joined = new ArrayList<>(2);
    private volatile boolean autoCommit = true;
    private SQLException refusal;
    private String txId;

    ShardTransaction(CrossShardCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    void autoCommit(boolean autoCommit) {
        this.autoCommit = autoCommit;
    }

    boolean autoCommit() {
        return autoCommit;
    }

    synchronized boolean active() {
        return !joined.isEmpty();
    }

    /** Before any work (a statement, a savepoint) on {@code p}: joins it to the transaction, as an XA branch where the engine needs one. */
    synchronized void beforeWork(Participant p) throws SQLException {
        if (autoCommit || p.joined) {
            return;
        }
        if (!joined.isEmpty() && coordinator.mode() == CrossShardTransactions.ATOMIC && coordinator.branches().startsAtJoin()) {
            if (txId == null) {
                txId = TxIds.next(joined.get(0).database);
            }
            coordinator.branches().start(p.physical, txId, p.database);
            p.xaStarted = true;
        }
        p.joined = true;
        joined.add(p);
    }

    /** Before a statement that may write runs on {@code p}: in refuse mode, fails it if another shard already wrote. */
    synchronized void beforeWrite(Participant p, String sql) throws SQLException {
        if (autoCommit) {
            return;
        }
        beforeWork(p);
        if (p.wrote) {
            return;
        }
        if (coordinator.mode() == CrossShardTransactions.REFUSE) {
            for (Participant other : joined) {
                if (other != p && other.wrote) {
                    refusal = coordinator.refusal(other, p, StatementKinds.writtenTable(sql));
                    throw refusal;
                }
            }
        }
        p.wrote = true;
        p.firstWrite = StatementKinds.writtenTable(sql);
    }

    void commit(Connection shardingSphere) throws SQLException {
        if (autoCommit) {
            shardingSphere.commit(); // the driver's own answer to commit() in auto-commit mode
            return;
        }
        List<Participant> parts;
        String id;
        SQLException refused;
        synchronized (this) {
            parts = new ArrayList<>(joined);
            id = txId;
            refused = refusal;
            clear();
        }
        SQLException failure = null;
        boolean finishWithCommit = false; // true: ShardingSphere ends its bookkeeping with commit(), else rollback()
        try {
            if (refused != null) {
                failure = new SQLException("the transaction was rolled back on every shard, because a statement in it was refused: "
                        + refused.getMessage(), "40000", refused);
                coordinator.commits().abort(parts, id, failure);
                throw failure;
            }
            if (PhysicalConnections.statementFailed(shardingSphere)) {
                // ShardingSphere's LOCAL rule, kept: a transaction in which a statement failed is rolled back by commit()
                coordinator.commits().abort(parts, id, new SQLException("rollback"));
                finishWithCommit = true; // ShardingSphere's commit() below finds the failure and rolls back, as it always has
                return;
            }
            if (TwoPhaseCommit.writers(parts).size() <= 1) {
                coordinator.commits().commitOnePhase(parts, id);
            } else if (coordinator.mode() == CrossShardTransactions.ATOMIC) {
                coordinator.commits().commitTwoPhase(parts, id);
            } else {
                failure = new SQLException("a transaction wrote " + parts + " with target.cross-shard-transactions: refuse; rolled back", "0A000");
                coordinator.commits().abort(parts, id, failure);
                throw failure;
            }
            finishWithCommit = true;
        } catch (SQLException e) {
            failure = e;
            throw e;
        } finally {
            parts.forEach(Participant::reset);
            // not finishWithCommit and no SQLException: a coordinator hook stopped it as a crash would; ShardingSphere rolls back what is not prepared
            finishShardingSphere(shardingSphere, finishWithCommit, failure);
        }
    }

    void rollback(Connection shardingSphere) throws SQLException {
        if (autoCommit) {
            shardingSphere.rollback();
            return;
        }
        List<Participant> parts;
        String id;
        synchronized (this) {
            parts = new ArrayList<>(joined);
            id = txId;
            clear();
        }
        SQLException failure = new SQLException("rollback failed on a shard", "40000");
        List<Participant> branches = new ArrayList<>();
        for (Participant p : parts) {
            if (p.xaStarted || p.prepared) {
                branches.add(p);
            }
        }
        coordinator.commits().abort(branches, id, failure); // XA branches first: a plain ROLLBACK cannot end them
        parts.forEach(Participant::reset);
        shardingSphere.rollback();
        if (failure.getSuppressed().length > 0) {
            throw (SQLException) failure.getSuppressed()[0];
        }
    }

    private synchronized void clear() {
        joined.clear();
        refusal = null;
        txId = null;
    }

    /** ShardingSphere ends its own bookkeeping (transaction context, savepoints); the physical work is already done. */
    private static void finishShardingSphere(Connection shardingSphere, boolean finishWithCommit, SQLException failure) throws SQLException {
        try {
            if (finishWithCommit) {
                shardingSphere.commit();
            } else {
                shardingSphere.rollback();
            }
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else if (finishWithCommit) {
                throw e;
            }
        }
    }
}
