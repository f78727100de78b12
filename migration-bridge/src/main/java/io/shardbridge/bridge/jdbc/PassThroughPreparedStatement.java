package io.shardbridge.bridge.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A legacy prepared statement handed to the caller as it is — SQL that touches no migrating table
 * costs nothing beyond the cached plan lookup — except that it answers {@link #getConnection()} with
 * the shardbridge connection, as JDBC requires.
 */
final class PassThroughPreparedStatement extends DelegatingPreparedStatement {
    private final BridgeConnection connection;

    PassThroughPreparedStatement(BridgeConnection connection, PreparedStatement delegate) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
