package io.shardbridge.bridge.jdbc;

import io.shardbridge.jdbc.delegate.DelegatingStatement;
import io.shardbridge.jdbc.delegate.StatementSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The {@link Statement} side of a routed statement, plain or prepared — the delegate of its
 * {@code Statement} methods while the physical statement is chosen per execution: the caller's settings,
 * kept in the kit's {@link StatementSettings} and replayed onto each physical statement before it runs;
 * the results of the last execution ({@link LastResults}); the physical statements it ran on, and its life
 * cycle. Executions never reach it: the routed statements run them through {@link RoutedExecution}.
 */
final class StatementState extends DelegatingStatement {
    final BridgeConnection connection;
    final int resultSetType;
    final int resultSetConcurrency;
    final int resultSetHoldability;
    final LastResults results = new LastResults();
    final FilledInserts filledInserts;
    private final StatementSettings settings;
    private final PhysicalStatements<?> physical;
    /** A plain legacy statement for what no execution decides (enquoting an identifier), opened when first asked. */
    private Statement idle;
    private boolean closed;

    StatementState(BridgeConnection connection, boolean prepared, int type, int concurrency, int holdability, PhysicalStatements<?> physical) {
        super(null);
        this.connection = connection;
        this.resultSetType = type;
        this.resultSetConcurrency = concurrency;
        this.resultSetHoldability = holdability;
        this.settings = new StatementSettings(prepared);
        this.physical = physical;
        this.filledInserts = new FilledInserts(type, concurrency);
    }

    /** What a call no execution decides goes to: the physical statement that ran last, else a plain one on legacy. */
    @Override
    protected Statement delegate() throws SQLException {
        checkOpen();
        Statement ran = results.physical();
        if (ran != null) {
            return ran;
        }
        if (idle == null) {
            idle = connection.legacy().createStatement();
        }
        return idle;
    }

    /** Executions are routed: one that reaches this statement is a method its routed statement failed to override. */
    @Override
    protected <T> T execution(String sql, boolean batch, SqlCall<T> call) {
        throw new IllegalStateException("a routed statement's execution reached its settings; it must run through RoutedExecution");
    }

    final void applySettings(Statement physicalStatement) throws SQLException {
        settings.applyTo(physicalStatement);
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("this statement is closed", "HY010");
        }
        connection.checkOpen();
    }

    // ---- results of the last execution

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return results.resultSet();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return UpdateCounts.toInt(getLargeUpdateCount());
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return results.updateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        return results.moreResults(current);
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return results.generatedKeys();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return results.warnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        results.clearWarnings();
    }

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        results.cancel();
    }

    // ---- settings: kept here, replayed onto each physical statement

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return settings.fetchSize();
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        settings.fetchSize(rows);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return settings.fetchDirection();
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        settings.fetchDirection(direction);
    }

    @Override
    public int getMaxRows() throws SQLException {
        return UpdateCounts.toInt(getLargeMaxRows());
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return settings.maxRows();
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        settings.maxRows(max);
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return settings.maxFieldSize();
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        settings.maxFieldSize(max);
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return settings.queryTimeout();
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        settings.queryTimeout(seconds);
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        settings.escapeProcessing(enable);
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        checkOpen();
        settings.cursorName(name);
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return settings.poolable();
    }

    @Override
    public void setPoolable(boolean value) throws SQLException {
        checkOpen();
        settings.poolable(value);
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        settings.closeOnCompletion(true);
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return settings.closeOnCompletion();
    }

    // ---- what the statement is, and its life cycle

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return resultSetConcurrency;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return resultSetType;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return resultSetHoldability;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    /** Closes the physical statements, a result set the layer held and the key-filled INSERT; the first failure is thrown once all were tried. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException first = null;
        try {
            physical.close();
        } catch (SQLException e) {
            first = e;
        }
        try {
            results.close();
        } catch (SQLException e) {
            first = first == null ? e : first;
        }
        try {
            filledInserts.close();
        } catch (SQLException e) {
            first = first == null ? e : first;
        }
        if (idle != null) {
            try {
                idle.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Nothing is wrapped here: the routed statement answers for itself, and its physical statements change per execution. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper for " + iface.getName(), "0A000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
