package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.dualwrite.CommitErrors;
import io.shardbridge.bridge.dualwrite.DualWriteCommit;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.jdbc.delegate.ConnectionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The two physical sides of one bridge connection — legacy, open for the connection's life (tables
 * outside every unit live there), and the sharded target, opened on first use with the connection's
 * settings — and the caller's transaction run across them: a routed statement's physical connection,
 * the end of an autocommit statement, commit with the mirror protocol, rollback and savepoints on both
 * sides. The rules (a failed statement aborts, every savepoint exists on every side, one transaction
 * writes one side) are {@link BridgeTransaction}'s, which holds the state; this class applies them to
 * the connections.
 *
 * <p>A commit commits the authoritative side (the side written, legacy when nothing was written) through
 * {@link DualWriteCommit} when rows were captured, so the mirror follows the protocol's ordering, and the
 * other side after it; an aborted transaction commits nothing and rolls both sides back, as PostgreSQL's
 * COMMIT of a failed transaction does. In autocommit a statement that captures runs in a transaction of
 * the layer's own on its side, committed the same way when it succeeds.
 */
final class TransactionSides {
    private final BridgeRuntime runtime;
    private final BridgeTransaction txn;
    private final Connection legacy;
    /** The session settings the caller set, replayed onto the target when it opens. */
    private final ConnectionSettings settings;
    private Connection target;
    private boolean autoCommit;

    TransactionSides(BridgeRuntime runtime, BridgeTransaction txn, Connection legacy, ConnectionSettings settings) throws SQLException {
        this.runtime = runtime;
        this.txn = txn;
        this.legacy = legacy;
        this.settings = settings;
        this.autoCommit = legacy.getAutoCommit();
    }

    boolean autoCommit() {
        return autoCommit;
    }

    /** The target connection, opened on first use with the connection's settings and autocommit mode. */
    Connection target() throws SQLException {
        if (target == null) {
            Connection c = runtime.target.getConnection();
            try {
                c.setAutoCommit(autoCommit);
                settings.applyTo(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            target = c;
        }
        return target;
    }

    /** The target connection when it is open, else null (a setting then only reaches it when it opens). */
    Connection targetIfOpen() {
        return target;
    }

    // ---- one statement

    /**
     * The physical connection for a routed statement: the target joins the caller's transaction at its first
     * statement (taking the open savepoints), and in autocommit a captured write gets a transaction of its own.
     */
    Route enter(StatementRouter.Decision decision) throws SQLException {
        Connection physical = decision.side() == Side.LEGACY ? legacy : target();
        if (decision.side() == Side.TARGET && !autoCommit) {
            txn.targetJoins(physical);
        }
        boolean internal = decision.capture() != null && autoCommit;
        if (internal) {
            physical.setAutoCommit(false);
        }
        return new Route(decision.side(), physical, dualWrite(decision.capture()), dualWrite(decision.shadow()), decision.shadowPhase(),
                internal);
    }

    private DualWriteUnit dualWrite(UnitState unit) {
        return unit == null ? null : runtime.dualWrite.get(unit);
    }

    /** Routing refused or failed a statement before it ran: in autocommit its units are left, in a transaction it is aborted. */
    void routeFailed(String sql, Throwable error) {
        if (autoCommit) {
            txn.releasePins();
        } else {
            txn.failed(sql, error);
        }
    }

    /**
     * A statement of the caller's transaction failed: as on PostgreSQL, the transaction is aborted. One
     * that ran on legacy and wrote nothing the layer captured is judged by pgjdbc itself (an error raised in
     * the driver, or under {@code autosave}, leaves the transaction usable); anything else aborts, since
     * its rows may be half-recorded for the mirror or the shards would roll back at commit.
     */
    void statementFailed(String sql, Throwable error, Side side, boolean captured) {
        if (autoCommit) {
            return;
        }
        if (side == Side.LEGACY && !captured && legacyStillUsable()) {
            return;
        }
        if (side == Side.TARGET && runtime.config.target().dialect() == Dialect.MYSQL
                && error instanceof SQLException e && (e.getErrorCode() == 1213 || "40001".equals(e.getSQLState()))) {
            txn.lostEntirely(sql, error); // InnoDB rolled back the deadlock victim's whole transaction
            return;
        }
        txn.failed(sql, error);
    }

    private boolean legacyStillUsable() {
        try {
            return legacy.isWrapperFor(org.postgresql.core.BaseConnection.class)
                    && legacy.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState() != org.postgresql.core.TransactionState.FAILED;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Ends the statement: in autocommit, commits (with the mirror protocol) or rolls back, and leaves its units. */
    void afterStatement(Route route, boolean succeeded) throws SQLException {
        if (!autoCommit) {
            return;
        }
        try {
            if (route.internalTxn()) {
                if (succeeded) {
                    commitPending(route.side(), route.physical());
                } else {
                    route.physical().rollback();
                }
            }
        } finally {
            txn.endStatement();
            if (route.internalTxn()) {
                route.physical().setAutoCommit(true);
            }
        }
    }

    private void commitPending(Side side, Connection physical) throws SQLException {
        List<DualWriteCommit.UnitWork> work = txn.takePending();
        if (work.isEmpty()) {
            physical.commit();
        } else {
            runtime.commit.commit(side, physical, work);
        }
    }

    // ---- the caller's transaction

    void setAutoCommit(boolean wanted) throws SQLException {
        if (wanted == autoCommit) {
            return;
        }
        if (wanted) {
            commit(); // JDBC: switching autocommit on commits the current transaction
        }
        legacy.setAutoCommit(wanted);
        if (target != null) {
            target.setAutoCommit(wanted);
        }
        autoCommit = wanted;
    }

    void commit() throws SQLException {
        if (autoCommit) {
            legacy.commit(); // the driver's own "cannot commit in autocommit" error
            return;
        }
        try {
            if (txn.aborted()) {
                // PostgreSQL turns COMMIT of a transaction with a failed statement into ROLLBACK (and pgjdbc reports
                // no error): both sides roll back, nothing is mirrored
                rollbackSides();
                return;
            }
            Side side = txn.writeSide() == null ? Side.LEGACY : txn.writeSide();
            Connection authoritative = side == Side.LEGACY ? legacy : target();
            commitPending(side, authoritative);
            if (side == Side.LEGACY && target != null && txn.targetJoined()) {
                target.commit();
            } else if (side == Side.TARGET) {
                legacy.commit();
            }
        } catch (SQLException e) {
            throw CommitErrors.withSqlState(e);
        } finally {
            txn.end();
        }
    }

    void rollback() throws SQLException {
        if (autoCommit) {
            legacy.rollback();
            return;
        }
        try {
            rollbackSides();
        } finally {
            txn.end();
        }
    }

    private void rollbackSides() throws SQLException {
        SQLException first = null;
        try {
            legacy.rollback();
        } catch (SQLException e) {
            first = e;
        }
        if (target != null && txn.targetJoined()) {
            try {
                target.rollback();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw CommitErrors.withSqlState(first);
        }
    }

    Savepoint setSavepoint(String name) throws SQLException {
        return txn.setSavepoint(name, legacy, target);
    }

    void rollback(Savepoint savepoint) throws SQLException {
        txn.rollbackTo(BridgeSavepoint.of(savepoint, txn), legacy, target);
    }

    void releaseSavepoint(Savepoint savepoint) throws SQLException {
        txn.release(BridgeSavepoint.of(savepoint, txn), legacy, target);
    }

    // ---- lifecycle

    /** Rolls back a transaction still open, then closes both sides; the first failure is thrown once everything was tried. */
    void close() throws SQLException {
        SQLException first = null;
        try {
            if (!autoCommit) {
                rollbackSides();
            }
        } catch (SQLException e) {
            first = e;
        } finally {
            txn.end();
        }
        if (target != null) {
            try {
                target.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        try {
            legacy.close();
        } catch (SQLException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    void abort(Executor executor) throws SQLException {
        txn.end();
        if (target != null) {
            target.abort(executor);
        }
        legacy.abort(executor);
    }
}
