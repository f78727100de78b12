package io.shardbridge.bridge.jdbc;

import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.jdbc.DataSourceOpener;
import io.shardbridge.jdbc.ShardedTargetOpener;
import javax.sql.DataSource;

/**
 * Puts the migration layer behind {@code jdbc:shardbridge:} URLs when this module is on the class
 * path: a configuration with {@code legacy:} opens a {@link BridgeDataSource}; one without it opens the
 * sharded target alone.
 */
public final class BridgeOpener implements DataSourceOpener {
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public DataSource open(ShardbridgeConfig config) {
        if (config.legacy().isEmpty()) {
            return new ShardedTargetOpener().open(config);
        }
        return BridgeDataSource.builder(config).open();
    }
}
