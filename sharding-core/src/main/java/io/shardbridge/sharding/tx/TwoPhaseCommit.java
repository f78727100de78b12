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
 * happens only when the anchor's transaction did not commit: (a) by the coordinator after the anchor's
 * commit failed with a definite error (not a lost connection, where the outcome is unknown and it leaves
 * the branches to recovery), or (b) by {@link InDoubtRecovery}, which inserts (id, 'A') into the anchor's
 * table and rolls back only if that insert wins. The primary key makes (b) safe against a live coordinator:
 * a branch is visible as prepared only after step 2, so the coordinator's 'C' row is already inserted
 * (uncommitted) and holds the key; recovery's insert waits for the anchor transaction to end, and then
 * either finds 'C' committed (and commits the branch) or inserts 'A' because the anchor rolled back — in
 * which case the anchor's rows are gone too. A row, once committed, never changes, so every instance that
 * asks gets the same answer; with no row, the answer is abort (presumed abort), and recording it makes a
 * late commit impossible. Hence every shard's part commits, or none does. A branch the coordinator leaves
 * prepared (the anchor's connection failed mid-commit, or COMMIT PREPARED failed) is detached from its session
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

    TwoPhaseCommit(Branches branches, DecisionLog decisions, CoordinatorHook hook) {
        this.branches = branches;
        this.decisions = decisions;
        this.hook = hook;
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
        try {
            branches.commitOnePhase(anchor, txId);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                open.stream().filter(p -> p.prepared).forEach(branches::detach);
                SQLException unknown = new SQLException("the connection to " + anchor + " failed while committing cross-shard transaction " + txId
                        + " (" + e.getMessage() + "); whether it committed is unknown until recovery resolves its prepared branches from "
                        + DecisionLog.TABLE + " on that shard", "08007", e.getErrorCode(), e);
                throw unknown;
            }
            open.remove(anchor);
            abort(open, txId, e);
            throw e;
        }
        hook.afterDecision(txId);
        open.remove(anchor);
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
