package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.PendingChanges;
import io.shardbridge.bridge.dualwrite.DualWriteCommit;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.sharding.shardingsphere.PhysicalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller's transaction as the two sides hold it: the phase it pinned for each unit it touched, the
 * rows it captured for the mirror, which side it writes, whether the target has joined, which statement
 * failed, and its savepoints. The router and the commit protocol decide from this state alone, so a
 * transaction means on shardbridge what it means on plain PostgreSQL. In autocommit it holds the one
 * statement's pins and rows. {@link TransactionSides} applies it to the physical connections.
 *
 * <p>Why this is correct:
 * <ul>
 * <li><b>A failed statement aborts the transaction.</b> On PostgreSQL every later statement fails with
 * 25P02 and {@code COMMIT} becomes {@code ROLLBACK}, until a rollback (to a savepoint set before the
 * failure). The physical sides do not agree on that by themselves: MariaDB keeps the statements before
 * the error; ShardingSphere 5.5.2's LOCAL commit rolls back after any error it saw — even one undone by a
 * rollback to a savepoint — but never sees an error of the single-shard fast path. So the layer keeps one
 * mark for the whole caller transaction, on both sides: {@link #failed} sets it; {@link #checkUsable}
 * refuses every later statement and savepoint with 25P02; a commit of a marked transaction rolls back
 * both sides (the mirror is never committed for work the authoritative side did not commit); a rollback
 * to a savepoint clears it, and clears ShardingSphere's own mark so its commit really commits. A savepoint
 * cannot be set while marked, so every savepoint rolled back to precedes the failure. One exception:
 * MySQL rolls a deadlock victim's whole transaction back, savepoints included; a rollback to a savepoint
 * is then refused with 40001 (retry the transaction), and the transaction stays aborted. And one
 * relaxation: a statement that ran on legacy and wrote nothing the layer captured is judged by pgjdbc's
 * own transaction state, so an error the driver raises before the server sees the statement (or one
 * {@code autosave} absorbs) leaves the transaction usable, exactly as with the plain driver.</li>
 * <li><b>Every savepoint exists on every side in the transaction.</b> Legacy is in the transaction from
 * its start. The target joins at its first statement; then each open savepoint is set on it, in order,
 * before that statement runs. A side that joined after savepoint S had done nothing at S, and the replayed
 * S precedes all its work, so {@code ROLLBACK TO S} undoes exactly its work after S — the same as on a
 * side that was there when S was set. Release and rollback invalidate the later savepoints on all sides
 * at once, as PostgreSQL and MySQL do on each.</li>
 * <li><b>One transaction writes one side.</b> Two sides cannot commit atomically, so the first write
 * claims its side and a write that would land on the other is refused before it runs, on every statement
 * path. A rollback to a savepoint restores the claim it found when the savepoint was set.</li>
 * </ul>
 * Rows captured for the mirror are kept here; each savepoint holds a copy of them as they
 * were when it was set, and a rollback to it puts that copy back — the rows written only after it are
 * not the transaction's any more (PostgreSQL even released their locks: re-reading them at commit would
 * mirror another transaction's row without its lock, out of order).
 */
final class BridgeTransaction {
    static final String ABORTED = "25P02";

    private Side writeSide;
    private String writeCause;
    private boolean targetJoined;
    private String failedStatement;
    private String lostEntirely;
    private int unnamed;
    private final List<BridgeSavepoint> savepoints = new ArrayList<>();
    private final Map<UnitState, MigrationPhase> pinned = new LinkedHashMap<>();
    private final Map<DualWriteUnit, PendingChanges> pending = new LinkedHashMap<>();

    // ---- phases

    /**
     * The phase the transaction runs {@code unit} in: pinned when it first touches the unit, which enters
     * the unit's fence (waiting while a phase move drains it); a move waits for the pin to be released.
     */
    MigrationPhase pin(UnitState unit) throws SQLException {
        MigrationPhase phase = pinned.get(unit);
        if (phase == null) {
            phase = unit.enter();
            pinned.put(unit, phase);
        }
        return phase;
    }

    /** The phase pinned for {@code unit}, or null when the transaction has not touched it. */
    MigrationPhase pinned(UnitState unit) {
        return pinned.get(unit);
    }

    /** Leaves every unit entered, so phase moves may proceed. */
    void releasePins() {
        for (UnitState unit : pinned.keySet()) {
            unit.exit();
        }
        pinned.clear();
    }

    // ---- rows captured for the mirror

    /** The rows captured so far for {@code unit}, to which a captured write adds its own. */
    PendingChanges pendingFor(DualWriteUnit unit) {
        return pending.computeIfAbsent(unit, u -> new PendingChanges());
    }

    /** Takes the captured rows of every unit that has some, for the commit protocol; none are left. */
    List<DualWriteCommit.UnitWork> takePending() {
        List<DualWriteCommit.UnitWork> work = new ArrayList<>();
        pending.forEach((unit, changes) -> {
            if (!changes.isEmpty()) {
                work.add(new DualWriteCommit.UnitWork(unit, changes));
            }
        });
        pending.clear();
        return work;
    }

    /** An autocommit statement ended (committed or not): its rows and pins go. */
    void endStatement() {
        pending.clear();
        releasePins();
    }

    // ---- failures

    /** Records that a statement of the transaction failed; the first failure is the one reported later. */
    void failed(String sql, Throwable error) {
        if (failedStatement == null) {
            String state = error instanceof SQLException e && e.getSQLState() != null ? " (SQLState " + e.getSQLState() + ")" : "";
            failedStatement = StatementRouter.abbreviate(sql == null ? "?" : sql) + state;
        }
    }

    /**
     * The database itself rolled the whole transaction back with the failure (InnoDB does so for a deadlock
     * victim): no savepoint survives there, so none may be rolled back to — only a full rollback ends it.
     */
    void lostEntirely(String sql, Throwable error) {
        failed(sql, error);
        lostEntirely = failedStatement;
    }

    /** True when a statement failed and no rollback to a savepoint has undone it: a commit rolls back. */
    boolean aborted() {
        return failedStatement != null;
    }

    /** Refuses work in an aborted transaction, as PostgreSQL does. */
    void checkUsable() throws SQLException {
        if (failedStatement != null) {
            throw new SQLException("current transaction is aborted, commands ignored until end of transaction block (the statement that "
                    + "failed: " + failedStatement + "); roll back, or roll back to a savepoint set before it", ABORTED);
        }
    }

    // ---- sides

    /** Claims {@code side} for a write, or refuses it (0A000, nothing run) when the transaction writes the other side. */
    void claimWrite(Side side, String cause, String sql) throws SQLException {
        if (writeSide != null && writeSide != side) {
            throw new SQLFeatureNotSupportedException("this transaction already wrote on the " + name(writeSide) + " side (" + writeCause
                    + ") and this statement writes on the " + name(side) + " side (" + cause + "); one transaction cannot commit atomically "
                    + "on both, so nothing of this statement was run. Put the tables written together in one migration unit, or write them "
                    + "in separate transactions. SQL: " + StatementRouter.abbreviate(sql), "0A000");
        }
        if (writeSide == null) {
            writeSide = side;
            writeCause = cause;
        }
    }

    /** The side the transaction writes, or null before its first write. */
    Side writeSide() {
        return writeSide;
    }

    boolean targetJoined() {
        return targetJoined;
    }

    /** The target's first statement in this transaction is about to run on {@code target}: give it every open savepoint first. */
    void targetJoins(Connection target) throws SQLException {
        if (targetJoined) {
            return;
        }
        for (BridgeSavepoint savepoint : savepoints) {
            savepoint.target = target.setSavepoint(savepoint.targetName);
        }
        targetJoined = true;
    }

    // ---- savepoints

    BridgeSavepoint setSavepoint(String name, Connection legacy, Connection target) throws SQLException {
        checkUsable();
        // the target's savepoints are always named: ShardingSphere names an unnamed one with a UUID, which MySQL
        // cannot parse when it starts like a number (9e68a76b_…)
        BridgeSavepoint savepoint = new BridgeSavepoint(this, name, name == null ? "sb_savepoint_" + (++unnamed) : name,
                name == null ? legacy.setSavepoint() : legacy.setSavepoint(name), writeSide, writeCause);
        if (targetJoined) {
            savepoint.target = target.setSavepoint(savepoint.targetName);
        }
        savepoints.add(savepoint);
        pending.forEach((unit, changes) -> savepoint.pending.put(unit, changes.copy()));
        return savepoint;
    }

    void rollbackTo(BridgeSavepoint savepoint, Connection legacy, Connection target) throws SQLException {
        int index = indexOf(savepoint);
        if (lostEntirely != null) {
            throw new SQLException("the target database rolled this whole transaction back when a statement failed (" + lostEntirely + "; "
                    + "MySQL does so for a deadlock victim), so no savepoint survives there; roll the transaction back and retry it", "40001");
        }
        legacy.rollback(savepoint.legacy);
        if (targetJoined) {
            try {
                target.rollback(savepoint.target);
            } catch (SQLException e) {
                if (e.getErrorCode() != 1305) { // MySQL: SAVEPOINT … does not exist
                    throw e;
                }
                lostEntirely = failedStatement == null ? "the savepoint is gone on the target" : failedStatement;
                SQLException lost = new SQLException("the target database no longer has savepoint " + savepoint.targetName + " (" + lostEntirely
                        + "): it rolled the whole transaction back, as MySQL does for a deadlock victim; roll the transaction back and retry it",
                        "40001", e);
                failed("ROLLBACK TO SAVEPOINT " + savepoint.targetName, lost);
                throw lost;
            }
            PhysicalConnections.forgetFailedStatement(target);
        }
        drop(index + 1);
        writeSide = savepoint.writeSide;
        writeCause = savepoint.writeCause;
        failedStatement = null;
        // the captured rows go back to what they were when the savepoint was set (and units first written after it drop out)
        pending.clear();
        savepoint.pending.forEach((unit, earlier) -> pending.put(unit, earlier.copy())); // a copy: it may be rolled back to again
    }

    void release(BridgeSavepoint savepoint, Connection legacy, Connection target) throws SQLException {
        int index = indexOf(savepoint);
        checkUsable();
        legacy.releaseSavepoint(savepoint.legacy);
        if (targetJoined) {
            target.releaseSavepoint(savepoint.target);
        }
        drop(index);
    }

    private int indexOf(BridgeSavepoint savepoint) throws SQLException {
        int index = savepoints.indexOf(savepoint);
        if (index < 0 || !savepoint.valid) {
            throw new SQLException("savepoint " + (savepoint.name == null ? "(unnamed)" : savepoint.name) + " does not exist: it was released, "
                    + "rolled back past, or belongs to an earlier transaction", "3B001");
        }
        return index;
    }

    private void drop(int from) {
        while (savepoints.size() > from) {
            savepoints.remove(savepoints.size() - 1).valid = false;
        }
    }

    /** The transaction ended (commit, rollback, close): forget everything and leave the units. */
    void end() {
        pending.clear();
        writeSide = null;
        writeCause = null;
        targetJoined = false;
        failedStatement = null;
        lostEntirely = null;
        drop(0);
        releasePins();
    }

    private static String name(Side side) {
        return side.name().toLowerCase(java.util.Locale.ROOT);
    }
}
