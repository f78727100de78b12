package io.shardbridge.sharding;

import io.shardbridge.config.TableRule;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.sharding.fastpath.FastPathStats;
import io.shardbridge.sharding.fastpath.RoutingConnections;
import io.shardbridge.sharding.fastpath.SingleShardPlanner;
import io.shardbridge.sharding.fastpath.SubqueryGuard;
import io.shardbridge.sharding.tx.CrossShardCoordinator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An open sharded target: the routing DataSource the service talks to, and the physical pool of each
 * shard for work that addresses physical tables directly (provisioning, backfill, verification).
 */
public final class ShardedTarget implements AutoCloseable {
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

    public TargetConfig config() {
        return config;
    }

    /**
     * The DataSource that routes by shard key: prepared statements that pin one shard-key value take the
     * single-shard fast path (unless {@code target.fast-path: false}), everything else runs through
     * ShardingSphere-JDBC, with JDBC's rule that parameter values persist across executions restored
     * (see {@link io.shardbridge.jdbc.RetainedParameters}).
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
