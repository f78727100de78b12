package io.shardbridge.bridge.jdbc;

import io.shardbridge.jdbc.delegate.DelegatingPreparedStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A legacy prepared statement handed to the caller as it is — SQL that touches no migrating table
 * costs nothing beyond the cached plan lookup and a check of the transaction's state — except that it
 * answers {@link #getConnection()} with the shardbridge connection, as JDBC requires, and that each
 * execution takes part in the caller's transaction: refused in an aborted one, refused before it runs
 * when it may write and the transaction writes the target, and aborting the transaction when it fails.
 */
final class PassThroughPreparedStatement extends DelegatingPreparedStatement {
    private final BridgeConnection connection;
    private final StatementPlan plan;
    private final boolean mayWrite;

    PassThroughPreparedStatement(BridgeConnection connection, StatementPlan plan, PreparedStatement delegate) {
        super(delegate);
        this.connection = connection;
        this.plan = plan;
        this.mayWrite = BridgeConnection.mayWrite(plan);
    }

    /** One execution on legacy. */
    private interface Execution<T> {
        T run() throws SQLException;
    }

    private <T> T execute(Execution<T> execution) throws SQLException {
        connection.beforeLegacyOnly(plan.sql(), mayWrite);
        try {
            return execution.run();
        } catch (SQLException | RuntimeException e) {
            connection.statementFailed(plan.sql(), e, io.shardbridge.config.MigrationPhase.Side.LEGACY, false);
            throw e;
        }
    }

    @Override
    public boolean execute() throws SQLException {
        return execute(delegate::execute);
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return execute(delegate::executeQuery);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return execute(delegate::executeUpdate);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return execute(delegate::executeLargeUpdate);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return execute(delegate::executeBatch);
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return execute(delegate::executeLargeBatch);
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
