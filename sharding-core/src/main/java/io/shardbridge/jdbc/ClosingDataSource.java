package io.shardbridge.jdbc;

import io.shardbridge.jdbc.delegate.DelegatingDataSource;
import io.shardbridge.target.ShardedTarget;
import java.sql.SQLException;

/** A {@link ShardedTarget}'s routing DataSource that also closes the target's pools. */
final class ClosingDataSource extends DelegatingDataSource implements AutoCloseable {
    private final ShardedTarget target;

    ClosingDataSource(ShardedTarget target) {
        super(target.dataSource());
        this.target = target;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(target) ? iface.cast(target) : super.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(target) || super.isWrapperFor(iface);
    }

    @Override
    public void close() {
        target.close();
    }
}
