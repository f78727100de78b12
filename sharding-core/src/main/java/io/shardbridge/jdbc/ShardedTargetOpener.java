package io.shardbridge.jdbc;

import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.sharding.shardingsphere.ShardedDataSourceFactory;
import javax.sql.DataSource;

/** The default opener: the sharded target alone, routed by ShardingSphere-JDBC. */
public final class ShardedTargetOpener implements DataSourceOpener {
    @Override
    public int priority() {
        return 0;
    }

    @Override
    public DataSource open(ShardbridgeConfig config) {
        return new ClosingDataSource(ShardedDataSourceFactory.open(config.target()));
    }
}
