package io.shardbridge.jdbc.delegate;

import java.sql.*;
import javax.sql.DataSource;

/**
 * Plain delegation of every {@link DataSource} method; subclasses override only what carries behaviour.
 * The connection and sharding-key builders are left at the interface's defaults (not supported): a builder
 * of the delegate would hand out its connections without the subclass's behaviour.
 */
@SuppressWarnings("deprecation")
public abstract class DelegatingDataSource implements DataSource {
    /** The wrapped DataSource; every method not overridden calls it, unchanged. */
    protected final DataSource delegate;

    protected DelegatingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** What every method calls: the field, unless a subclass picks the delegate per call. */
    protected DataSource delegate() {
        return delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate().getConnection();
    }

    @Override
    public Connection getConnection(String a0, String a1) throws SQLException {
        return delegate().getConnection(a0, a1);
    }

    @Override
    public java.io.PrintWriter getLogWriter() throws SQLException {
        return delegate().getLogWriter();
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate().getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate().getParentLogger();
    }

    @Override
    public void setLogWriter(java.io.PrintWriter a0) throws SQLException {
        delegate().setLogWriter(a0);
    }

    @Override
    public void setLoginTimeout(int a0) throws SQLException {
        delegate().setLoginTimeout(a0);
    }

    /** This object when it is an instance of {@code iface}, else the delegate's answer. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface != null && iface.isInstance(this) ? iface.cast(this) : delegate().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface != null && iface.isInstance(this) || delegate().isWrapperFor(iface);
    }
}
