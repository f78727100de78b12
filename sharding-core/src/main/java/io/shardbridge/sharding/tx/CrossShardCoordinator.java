package io.shardbridge.sharding.tx;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.config.CrossShardTransactions;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-shard transactions of one sharded target ({@code target.cross-shard-transactions}, DESIGN §12):
 * decides the mode at start-up, prepares the shards for it (the decision tables, a first recovery pass) and
 * hands out routing connections whose commits are atomic or whose second-shard writes are refused.
 *
 * <p>Why our own coordinator rather than a JTA transaction manager such as Narayana: ShardingSphere-JDBC
 * 5.5.2 opens plain (non-XA) shard connections under LOCAL transactions, and its XA integration is not on
 * Maven Central, so a JTA manager would have to replace how ShardingSphere opens and enlists connections.
 * Narayana also logs decisions in its own object store (a local directory by default), so only the instance
 * that owns that store recovers its transactions, and every transaction it coordinates is XA from its first
 * statement. Here the decision lives in the anchor shard's own transaction (no extra log to operate or
 * lose), any instance recovers from the shards alone, and a transaction that writes one shard commits
 * exactly as before.
 */
public final class CrossShardCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CrossShardCoordinator.class);
    /** How often every instance looks for branches a crashed coordinator left prepared. */
    static final long RECOVERY_PERIOD_SECONDS = 30;

    private final CrossShardTransactions mode;
    private final Branches branches;
    private final Map<String, String> databases;
    private final TwoPhaseCommit commit;
    private final InDoubtRecovery recovery;
    private final ScheduledExecutorService scheduler;

    private CrossShardCoordinator(CrossShardTransactions mode, Dialect dialect, Map<String, ? extends DataSource> shards,
                                  Map<String, String> databases, CoordinatorHook hook) {
        this.mode = mode;
        this.branches = Branches.of(dialect);
        this.databases = databases;
        DecisionLog decisions = new DecisionLog(dialect);
        this.recovery = new InDoubtRecovery(shards, databases, branches, decisions);
        this.commit = new TwoPhaseCommit(branches, decisions, hook, recovery::resolveCommitted);
        if (mode == CrossShardTransactions.ATOMIC) {
            scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("2pc-recovery"));
        } else {
            scheduler = null;
        }
    }

    /**
     * Resolves the mode, creates the decision tables and runs a first recovery pass (atomic), and schedules
     * recovery. Fails naming both options when the mode is unset and a shard cannot prepare transactions.
     */
    public static CrossShardCoordinator open(TargetConfig target, Map<String, ? extends DataSource> shards, CoordinatorHook hook) {
        Branches branches = Branches.of(target.dialect());
        DecisionLog decisions = new DecisionLog(target.dialect());
        Map<String, String> databases = new LinkedHashMap<>();
        List<String> cannot = new ArrayList<>();
        for (Map.Entry<String, ? extends DataSource> shard : shards.entrySet()) {
            try (Connection c = shard.getValue().getConnection()) {
                String db = currentDatabase(c, target.dialect());
                databases.put(shard.getKey(), db);
                String why = branches.cannotPrepare(c);
                String tooLong = TxIds.tooLong(db);
                if (why != null || tooLong != null) {
                    cannot.add("shard " + shard.getKey() + ": " + (why != null ? why : tooLong));
                }
            } catch (SQLException e) {
                throw new ShardbridgeException("cannot inspect shard " + shard.getKey() + " for cross-shard transactions: " + e.getMessage()
                        + " [" + e.getSQLState() + "]", e);
            }
        }
        CrossShardTransactions mode = target.crossShardTransactions();
        if (mode == null || mode == CrossShardTransactions.ATOMIC) {
            if (!cannot.isEmpty()) {
                throw new ShardbridgeException("target.cross-shard-transactions" + (mode == null ? " is not set, and its default, atomic," : " is atomic, but it")
                        + " needs two-phase commit on every shard, which " + String.join("; ", cannot) + ". Either make every shard able to "
                        + "prepare transactions and keep atomic (a transaction that writes several shards commits on all of them or none), or "
                        + "set target.cross-shard-transactions: refuse (a statement that would make a transaction write a second shard fails "
                        + "before it runs).");
            }
            mode = CrossShardTransactions.ATOMIC;
        }
        CrossShardCoordinator coordinator = new CrossShardCoordinator(mode, target.dialect(), shards, databases, hook);
        if (mode == CrossShardTransactions.ATOMIC) {
            for (Map.Entry<String, ? extends DataSource> shard : shards.entrySet()) {
                try (Connection c = shard.getValue().getConnection()) {
                    decisions.createTable(c);
                } catch (SQLException e) {
                    throw new ShardbridgeException("cannot create " + DecisionLog.TABLE + " on shard " + shard.getKey()
                            + " (atomic cross-shard transactions record their decisions there): " + e.getMessage() + " [" + e.getSQLState() + "]", e);
                }
            }
            coordinator.recoverNow();
            coordinator.scheduler.scheduleWithFixedDelay(coordinator::recoverNow, RECOVERY_PERIOD_SECONDS, RECOVERY_PERIOD_SECONDS, TimeUnit.SECONDS);
        }
        LOG.info("cross-shard transactions: {}", mode.yamlName());
        return coordinator;
    }

    /** Routing connections over {@code shardingSphere} whose transactions end through this coordinator. */
    public DataSource dataSource(DataSource shardingSphere) {
        return CoordinatedConnections.dataSource(shardingSphere, this);
    }

    public CrossShardTransactions mode() {
        return mode;
    }

    /** One recovery pass; returns how many prepared branches it committed and rolled back. */
    public String recoverNow() {
        try {
            InDoubtRecovery.Outcome o = recovery.runOnce();
            if (o.committed() + o.rolledBack() + o.leftInDoubt() > 0) {
                LOG.info("cross-shard recovery: {} committed, {} rolled back, {} left prepared", o.committed(), o.rolledBack(), o.leftInDoubt());
            }
            return o.committed() + " committed, " + o.rolledBack() + " rolled back, " + o.leftInDoubt() + " left prepared";
        } catch (RuntimeException e) {
            LOG.warn("cross-shard recovery pass failed: {}", e.toString());
            return "failed: " + e;
        }
    }

    Branches branches() {
        return branches;
    }

    String databaseOf(String shard) {
        return databases.get(shard);
    }

    TwoPhaseCommit commits() {
        return commit;
    }

    SQLException refusal(Participant wrote, Participant next, String table) {
        return new SQLException("target.cross-shard-transactions is refuse: this statement would write table " + table + " on shard "
                + next.shard + ", but the transaction already wrote " + (wrote.firstWrite == null ? "" : "table " + wrote.firstWrite + " on ")
                + "shard " + wrote.shard + ". A transaction may write one shard only, so the statement did not run and the transaction "
                + "will roll back on every shard. Keep a transaction's writes on one shard (rows with shard keys that land together), or set "
                + "target.cross-shard-transactions: atomic for two-phase commit across shards.", "0A000");
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private static String currentDatabase(Connection c, Dialect dialect) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(dialect == Dialect.POSTGRESQL ? "SELECT current_database()" : "SELECT DATABASE()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
