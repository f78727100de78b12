package io.shardbridge.sharding.tx;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the prepared branches a crashed (or disconnected) coordinator left behind, from the decision
 * recorded on each transaction's anchor shard; any instance of the service may run it, at start-up and
 * periodically, concurrently with live commits and with other instances (see {@link TwoPhaseCommit} for why
 * each step is safe then). It touches only branches in this target's shard databases whose transaction is
 * anchored on one of this target's shards.
 *
 * <p>A pass also forgets decision rows no prepared branch needs any more. Order matters: the rows are read
 * <em>before</em> the prepared branches are listed. A row read is committed, so every branch of its
 * transaction was prepared before it (step 3 precedes step 4), and a branch not listed afterwards is
 * resolved; a row committed after the listing is not among those read, so it is never forgotten early.
 */
final class InDoubtRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(InDoubtRecovery.class);

    private final Map<String, ? extends DataSource> shards;
    private final Map<String, String> databases; // shard -> database
    private final Branches branches;
    private final DecisionLog decisions;

    InDoubtRecovery(Map<String, ? extends DataSource> shards, Map<String, String> databases, Branches branches, DecisionLog decisions) {
        this.shards = shards;
        this.databases = databases;
        this.branches = branches;
        this.decisions = decisions;
    }

    /** What one pass did. */
    record Outcome(int committed, int rolledBack, int leftInDoubt, int forgotten) {
    }

    Outcome runOnce() {
        Map<String, String> shardByDatabase = new LinkedHashMap<>();
        databases.forEach((shard, db) -> shardByDatabase.put(db, shard));
        Map<String, List<String>> decidedByShard = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends DataSource> shard : shards.entrySet()) {
            try (Connection c = shard.getValue().getConnection()) {
                decidedByShard.put(shard.getKey(), decisions.decided(c));
            } catch (SQLException e) {
                LOG.warn("recovery cannot read {} on shard {}: {} [{}]", DecisionLog.TABLE, shard.getKey(), e.getMessage(), e.getSQLState());
            }
        }
        int committed = 0;
        int rolledBack = 0;
        int left = 0;
        Set<String> stillPrepared = new HashSet<>();
        for (Map.Entry<String, ? extends DataSource> shard : shards.entrySet()) {
            String database = databases.get(shard.getKey());
            try (Connection c = shard.getValue().getConnection()) {
                for (Branches.InDoubt branch : branches.inDoubt(c, database)) {
                    String anchorShard = shardByDatabase.get(TxIds.anchorOf(branch.txId()));
                    if (anchorShard == null) {
                        continue; // another target's transaction on the same server
                    }
                    try {
                        boolean commit = resolveCommitted(anchorShard, branch.txId());
                        if (commit) {
                            branches.commitPrepared(c, branch.txId(), branch.branchDb());
                            committed++;
                        } else {
                            branches.rollbackPrepared(c, branch.txId(), branch.branchDb());
                            rolledBack++;
                        }
                        LOG.info("recovery {} the prepared branch of cross-shard transaction {} on shard {}",
                                commit ? "committed" : "rolled back", branch.txId(), shard.getKey());
                    } catch (SQLException e) {
                        if (!branches.isUnknownBranch(e)) { // unknown: resolved meanwhile by its coordinator or another instance
                            left++;
                            stillPrepared.add(branch.txId());
                            LOG.warn("recovery left cross-shard transaction {} on shard {} prepared: {} [{}]; the next pass retries",
                                    branch.txId(), shard.getKey(), e.getMessage(), e.getSQLState());
                        }
                    }
                }
            } catch (SQLException e) {
                left++;
                LOG.warn("recovery cannot list prepared transactions on shard {}: {} [{}]", shard.getKey(), e.getMessage(), e.getSQLState());
                return new Outcome(committed, rolledBack, left, 0); // a shard not listed: forget nothing this pass
            }
        }
        int forgotten = 0;
        for (Map.Entry<String, List<String>> e : decidedByShard.entrySet()) {
            List<String> done = new ArrayList<>(e.getValue());
            done.removeAll(stillPrepared);
            if (done.isEmpty()) {
                continue;
            }
            try (Connection c = shards.get(e.getKey()).getConnection()) {
                decisions.forget(c, done);
                forgotten += done.size();
            } catch (SQLException ex) {
                LOG.warn("recovery cannot clean {} on shard {}: {}", DecisionLog.TABLE, e.getKey(), ex.getMessage());
            }
        }
        return new Outcome(committed, rolledBack, left, forgotten);
    }

    boolean resolveCommitted(String anchorShard, String txId) throws SQLException {
        try (Connection anchor = shards.get(anchorShard).getConnection()) {
            anchor.setAutoCommit(true);
            return decisions.resolveCommitted(anchor, txId);
        }
    }
}
