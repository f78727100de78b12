package io.shardbridge.jdbc;

import io.shardbridge.config.ConfigException;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.target.ShardedTarget;
import javax.sql.DataSource;

/**
 * The default opener: the sharded target alone, routed by ShardingSphere-JDBC. It refuses a
 * configuration that describes a migration ({@code migrations:}, which needs {@code legacy:}): opened as a
 * target-only DataSource, a unit in DUAL_WRITE would write the shards alone while legacy, the
 * authoritative side, received nothing. Such a file needs the migration layer on the class path.
 */
public final class ShardedTargetOpener implements DataSourceOpener {
    @Override
    public int priority() {
        return 0;
    }

    @Override
    public DataSource open(ShardbridgeConfig config) {
        if (!config.migrations().isEmpty()) {
            throw new ConfigException("migrations", "this file has 'legacy:' and 'migrations:' (units " + config.migrations().keySet()
                    + "), so it describes a migration off the legacy database, but only shardbridge-sharding-core is on the class path, "
                    + "which opens the sharded target alone: writes would skip legacy, the authoritative side until LIVE. Add the dependency "
                    + "io.shardbridge:shardbridge-migration-bridge (it puts the migration layer behind the same jdbc:shardbridge: URL), or "
                    + "remove 'migrations:' for a target-only setup. Nothing was opened.");
        }
        return new ClosingDataSource(ShardedTarget.open(config.target()));
    }
}
