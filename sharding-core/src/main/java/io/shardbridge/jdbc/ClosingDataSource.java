package io.shardbridge.jdbc;

import io.shardbridge.sharding.ShardedTarget;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A {@link ShardedTarget}'s routing DataSource that also closes the target's pools. */
final class ClosingDataSource implements DataSource, AutoCloseable {
    private final ShardedTarget target;

    ClosingDataSource(ShardedTarget target) {
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target.dataSource().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return target.dataSource().getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("shardbridge logs through slf4j");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(target)) {
            return iface.cast(target);
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return target.dataSource().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(target) || iface.isInstance(this) || target.dataSource().isWrapperFor(iface);
    }

    @Override
    public void close() {
        target.close();
    }
}
