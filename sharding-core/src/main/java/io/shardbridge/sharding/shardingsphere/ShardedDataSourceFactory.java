package io.shardbridge.sharding.shardingsphere;

import com.zaxxer.hikari.HikariDataSource;
import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.sharding.ShardedTarget;
import io.shardbridge.sharding.tx.CoordinatorHook;
import io.shardbridge.sharding.tx.CrossShardCoordinator;
import io.shardbridge.sql.ParsedStatements;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the ShardingSphere-JDBC DataSource for a target: one HikariCP pool per shard, our rules on top. */
public final class ShardedDataSourceFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ShardedDataSourceFactory.class);

    private ShardedDataSourceFactory() {
    }

    public static ShardedTarget open(TargetConfig target) {
        return open(target, CoordinatorHook.NONE);
    }

    /** As {@link #open(TargetConfig)}, with a hook into the two-phase commit (tests stop it there as a crash would). */
    public static ShardedTarget open(TargetConfig target, CoordinatorHook hook) {
        long started = System.nanoTime();
        ParsedStatements.warmUp(target.sqlDialect()); // overlaps the ANTLR start-up of the first statement with opening
        ShardPools shardPools = ShardPools.open(target);
        Map<String, HikariDataSource> pools = shardPools.byShard();
        CrossShardCoordinator transactions = null;
        try {
            transactions = CrossShardCoordinator.open(target, pools, hook);
            String yaml = ShardingRuleYaml.render(target);
            DataSource sharded = YamlShardingSphereDataSourceFactory.createDataSource(new LinkedHashMap<>(pools), yaml.getBytes(StandardCharsets.UTF_8));
            LOG.info("shardbridge target ready: {} shards, {} sharded tables, {} broadcast tables in {} ms",
                    pools.size(), target.tables().size(), target.broadcastTables().size(), (System.nanoTime() - started) / 1_000_000);
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
}
