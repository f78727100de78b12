package io.shardbridge.sharding;

import io.shardbridge.config.TableRule;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.pool.ShardPools;
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
    private final DataSource shardingSphere;
    private final ShardPools shards;
    private final Map<String, ShardLayout> layouts = new LinkedHashMap<>();

    public ShardedTarget(TargetConfig config, DataSource routing, ShardPools shards) {
        this.config = config;
        this.routing = io.shardbridge.jdbc.RetainedParameters.dataSource(routing);
        this.shardingSphere = routing;
        this.shards = shards;
        for (TableRule rule : config.tables().values()) {
            layouts.put(rule.name(), new ShardLayout(rule, config.shardNames()));
        }
    }

    public TargetConfig config() {
        return config;
    }

    /**
     * The DataSource that routes by shard key (ShardingSphere-JDBC underneath), with JDBC's rule that
     * parameter values persist across executions restored (see {@link io.shardbridge.jdbc.RetainedParameters}).
     */
    public DataSource dataSource() {
        return routing;
    }

    /** The physical pool of each shard, in configuration order. */
    public Map<String, ? extends DataSource> shardDataSources() {
        return shards.byShard();
    }

    public Optional<ShardLayout> layout(String logicalTable) {
        return Optional.ofNullable(layouts.get(logicalTable));
    }

    @Override
    public void close() {
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
