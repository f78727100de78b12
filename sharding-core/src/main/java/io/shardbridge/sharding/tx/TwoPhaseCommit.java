package io.shardbridge.sharding.tx;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one routing transaction over the shard connections it used: one phase when at most one shard
 * wrote, two-phase commit when several did.
 *
 * <h2>Protocol (several shards wrote)</h2>
 * The shard that joined the transaction first is the <em>anchor</em>; its local transaction carries the
 * decision (the "logging last resource" arrangement of classic transaction monitors):
 * <ol>
 * <li>shards that only read are committed in one phase (a failure — e.g. a serialization failure of a
 *     read — aborts everything);</li>
 * <li>a row (id, 'C') is inserted into the anchor's {@link DecisionLog} table <em>inside the anchor's open
 *     transaction</em>;</li>
 * <li>every other writing shard is prepared ({@code PREPARE TRANSACTION} / {@code XA END; XA PREPARE});</li>
 * <li>the anchor commits in one phase: that commit is the decision. Committed, the decision row is durable
 *     with the anchor's own rows; failed, neither exists;</li>
 * <li>the prepared branches are committed ({@code COMMIT PREPARED} / {@code XA COMMIT}).</li>
 * </ol>
 *
 * <h2>Why it is atomic</h2>
 * A prepared branch survives crashes of its session, its server and the coordinator, and can only end by an
 * explicit commit or rollback. Commit of a branch happens only (5) after the anchor committed its rows
 * together with the decision row, so no branch commits unless the anchor's rows did. Rollback of a branch
 * happens only when the anchor's transaction did not commit, as the anchor's table says: an (id, 'A') row is
 * inserted there unless a row exists, and the branch is rolled back only if that insert wins — by the
 * coordinator when the anchor's COMMIT answered with an error (an error does not prove the commit did not
 * happen: a connection can be lost after the server committed), and by {@link InDoubtRecovery} after a
 * crash. The primary key makes the recovery safe against a live coordinator: a branch is visible as
 * prepared only after step 2, so the coordinator's 'C' row is already inserted
 * (uncommitted) and holds the key; the abort insert waits for the anchor transaction to end, and then
 * either finds 'C' committed (and commits the branch) or inserts 'A' because the anchor rolled back — in
 * which case the anchor's rows are gone too. A row, once committed, never changes, so every instance that
 * asks gets the same answer; with no row, the answer is abort (presumed abort), and recording it makes a
 * late commit impossible. Hence every shard's part commits, or none does. A branch the coordinator leaves
 * prepared (the anchor's outcome could not be read, or COMMIT PREPARED failed) is detached from its session
 * on XA engines — MariaDB/MySQL keep a prepared branch attached until its session ends — so that any
 * instance's recovery can resolve it.
 *
 * <h2>Costs</h2>
 * One phase: the same COMMITs ShardingSphere sends. Several writers: one INSERT on the anchor, one PREPARE
 * per other writer and one COMMIT PREPARED per other writer — the anchor itself is never prepared. On
 * MariaDB each shard after the first also begins with {@code XA START} (in atomic mode, reads included).
 *
 * <p>Errors keep their identity: a shard's own SQLException (SQLState, vendor code, message) is what the
 * caller gets, after every shard was rolled back.
 */
final class TwoPhaseCommit {
    private static final Logger LOG = LoggerFactory.getLogger(TwoPhaseCommit.class);

    private final Branches branches;
    private final DecisionLog decisions;
    private final CoordinatorHook hook;
    private final DecisionLookup decisionOf;

    /** The recorded outcome of a transaction, deciding abort if none is recorded (what the recovery asks). */
    @FunctionalInterface
    interface DecisionLookup {
        boolean committed(String anchorShard, String txId) throws SQLException;
    }

    TwoPhaseCommit(Branches branches, DecisionLog decisions, CoordinatorHook hook, DecisionLookup decisionOf) {
        this.branches = branches;
        this.decisions = decisions;
        this.hook = hook;
        this.decisionOf = decisionOf;
    }

    static List<Participant> writers(List<Participant> joined) {
        List<Participant> out = new ArrayList<>();
        for (Participant p : joined) {
            if (p.wrote) {
                out.add(p);
            }
        }
        return out;
    }

    /** One phase: readers first (a failing read aborts the writer), the single writer last. */
    void commitOnePhase(List<Participant> joined, String txId) throws SQLException {
        List<Participant> open = new ArrayList<>(joined);
        open.sort((a, b) -> Boolean.compare(a.wrote, b.wrote));
        while (!open.isEmpty()) {
            Participant p = open.get(0);
            try {
                branches.commitOnePhase(p, txId);
            } catch (SQLException e) {
                abort(open, txId, e);
                throw e;
            }
            open.remove(0);
        }
    }

    void commitTwoPhase(List<Participant> joined, String txIdOrNull) throws SQLException {
        Participant anchor = joined.get(0);
        String txId = txIdOrNull != null ? txIdOrNull : TxIds.next(anchor.database);
        List<Participant> open = new ArrayList<>(joined);
        for (Participant p : joined) {
            if (p != anchor && !p.wrote) {
                try {
                    branches.commitOnePhase(p, txId);
                } catch (SQLException e) {
                    abort(open, txId, e);
                    throw e;
                }
                open.remove(p);
            }
        }
        try {
            decisions.recordCommit(anchor.physical, txId);
            for (Participant p : open) {
                if (p != anchor) {
                    branches.prepare(p, txId);
                }
            }
        } catch (SQLException e) {
            abort(open, txId, e);
            throw e;
        }
        hook.afterPrepare(txId);
        open.remove(anchor);
        try {
            branches.commitOnePhase(anchor, txId);
        } catch (SQLException e) {
            if (!committedAnyway(anchor, txId, open, e)) {
                abort(open, txId, e);
                throw e;
            }
        }
        hook.afterDecision(txId);
        for (Participant p : open) {
            try {
                branches.commitPrepared(p.physical, txId, p.database);
            } catch (SQLException e) {
                if (!branches.isUnknownBranch(e)) { // unknown: a recovery already committed it (the decision is commit)
                    branches.detach(p);
                    LOG.warn("cross-shard transaction {} is committed, but COMMIT PREPARED on {} failed ({} [{}]); the recovery will commit it",
                            txId, p, e.getMessage(), e.getSQLState());
                }
            }
        }
    }

    /**
     * Whether the anchor committed although its COMMIT answered with an error (a connection lost after the server
     * committed, a session terminated during the commit): the error code cannot say, the decision table can.
     * Asking it settles the question for good (see {@link DecisionLog#resolveCommitted}). If the anchor shard cannot
     * be asked, the branches stay prepared for the recovery, and the caller learns the outcome is unknown (08007).
     */
    private boolean committedAnyway(Participant anchor, String txId, List<Participant> prepared, SQLException commitError) throws SQLException {
        try {
            return decisionOf.committed(anchor.shard, txId);
        } catch (SQLException unreachable) {
            prepared.forEach(branches::detach);
            SQLException unknown = new SQLException("COMMIT of cross-shard transaction " + txId + " failed on " + anchor + " (" + commitError.getMessage()
                    + " [" + commitError.getSQLState() + "]) and its decision cannot be read there (" + unreachable.getMessage() + "); whether it "
                    + "committed is unknown until the recovery resolves its prepared branches from " + DecisionLog.TABLE + " on that shard",
                    "08007", commitError.getErrorCode(), commitError);
            unknown.addSuppressed(unreachable);
            throw unknown;
        }
    }

    /** Rolls back every participant still open; their failures are attached to {@code cause}, which the caller throws. */
    void abort(List<Participant> open, String txId, SQLException cause) {
        for (Participant p : open) {
            try {
                branches.rollback(p, txId);
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
