package io.shardbridge.target;

import com.zaxxer.hikari.HikariDataSource;
import io.shardbridge.ShardbridgeException;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.TableRule;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.sharding.fastpath.FastPathStats;
import io.shardbridge.sharding.fastpath.RoutingConnections;
import io.shardbridge.sharding.fastpath.SingleShardPlanner;
import io.shardbridge.sharding.fastpath.SubqueryGuard;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sharding.shardingsphere.ShardedDataSourceFactory;
import io.shardbridge.sharding.tx.CoordinatorHook;
import io.shardbridge.sharding.tx.CrossShardCoordinator;
import io.shardbridge.sql.ParsedStatements;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open sharded target: the routing DataSource the service talks to, and the physical pool of each
 * shard for work that addresses physical tables directly (provisioning, backfill, verification).
 */
public final class ShardedTarget implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardedTarget.class);

    private final TargetConfig config;
    private final DataSource routing;
    private final DataSource routingWithoutFastPath;
    private final DataSource shardingSphere;
    private final FastPathStats fastPathStats = new FastPathStats();
    private final ShardPools shards;
    private final Map<String, ShardLayout> layouts = new LinkedHashMap<>();
    private final CrossShardCoordinator transactions;

    /**
     * @param transactions ends the routing connections' transactions (atomic across shards, or refusing a second
     *                     shard's write); null leaves them to ShardingSphere's LOCAL commit, shard by shard
     */
    public ShardedTarget(TargetConfig config, DataSource shardingSphere, ShardPools shards, CrossShardCoordinator transactions) {
        this(config, transactions == null ? shardingSphere : transactions.dataSource(shardingSphere), shardingSphere, shards, transactions);
    }

    private ShardedTarget(TargetConfig config, DataSource routing, DataSource shardingSphere, ShardPools shards, CrossShardCoordinator transactions) {
        this.config = config;
        this.transactions = transactions;
        SingleShardPlanner planner = config.fastPath() ? new SingleShardPlanner(config, 4096) : null;
        SubqueryGuard guard = config.subqueryGuard() ? new SubqueryGuard(config, 4096) : null;
        this.shards = shards;
        this.routing = RoutingConnections.dataSource(routing, planner, guard, fastPathStats, shards.byShard());
        this.routingWithoutFastPath = RoutingConnections.dataSource(routing, null, null, fastPathStats);
        this.shardingSphere = shardingSphere;
        for (TableRule rule : config.tables().values()) {
            layouts.put(rule.name(), new ShardLayout(rule, config.shardNames()));
        }
    }

    /** Opens the target: one HikariCP pool per shard, ShardingSphere-JDBC with our rules on top, and the fast path. */
    public static ShardedTarget open(TargetConfig target) {
        return open(target, CoordinatorHook.NONE);
    }

    /** As {@link #open(TargetConfig)}, with a hook into the two-phase commit (tests stop it there as a crash would). */
    public static ShardedTarget open(TargetConfig target, CoordinatorHook hook) {
        Ticker ticker = Ticker.system();
        long started = ticker.nanoTime();
        ParsedStatements.warmUp(target.sqlDialect()); // overlaps the ANTLR start-up of the first statement with opening
        ShardPools shardPools = ShardPools.open(target);
        Map<String, HikariDataSource> pools = shardPools.byShard();
        CrossShardCoordinator transactions = null;
        try {
            transactions = CrossShardCoordinator.open(target, pools, hook);
            DataSource sharded = ShardedDataSourceFactory.create(target, pools);
            LOG.info("shardbridge target ready: {} shards, {} sharded tables, {} broadcast tables in {} ms",
                    pools.size(), target.tables().size(), target.broadcastTables().size(), ticker.nanosSince(started) / 1_000_000);
            return new ShardedTarget(target, sharded, shardPools, transactions);
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            if (transactions != null) {
                transactions.close();
            }
            shardPools.close();
            if (e instanceof ShardbridgeException se) {
                throw se;
            }
            throw new ShardbridgeException("cannot build the sharded target from target: (" + e.getClass().getSimpleName() + "): " + e.getMessage(), e);
        }
    }

    public TargetConfig config() {
        return config;
    }

    /**
     * The DataSource that routes by shard key: prepared statements that pin one shard-key value take the
     * single-shard fast path (unless {@code target.fast-path: false}), everything else runs through
     * ShardingSphere-JDBC, with JDBC's rule that parameter values persist across executions restored
     * (see {@link io.shardbridge.sharding.fastpath.RetainedParameters}).
     */
    public DataSource dataSource() {
        return routing;
    }

    /** The same routing with every statement through ShardingSphere and no subquery guard: stock behaviour, the reference tests compare with. */
    public DataSource dataSourceWithoutFastPath() {
        return routingWithoutFastPath;
    }

    public FastPathStats fastPathStats() {
        return fastPathStats;
    }

    /** The physical pool of each shard, in configuration order. */
    public Map<String, ? extends DataSource> shardDataSources() {
        return shards.byShard();
    }

    /** Cross-shard transactions of this target (mode, recovery), if they are coordinated. */
    public Optional<CrossShardCoordinator> crossShardTransactions() {
        return Optional.ofNullable(transactions);
    }

    public Optional<ShardLayout> layout(String logicalTable) {
        return Optional.ofNullable(layouts.get(logicalTable));
    }

    @Override
    public void close() {
        if (transactions != null) {
            transactions.close();
        }
        if (shardingSphere instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // the pools below are closed regardless
            }
        }
        shards.close();
    }
}
