package io.shardbridge.jdbc.delegate;

import java.sql.*;

/**
 * Plain delegation of every {@link Statement} method; subclasses override only what carries behaviour.
 *
 * <p>Two seams carry the behaviour most decorators need without overriding a method per overload: every
 * {@code execute*} method runs through {@link #execution} (the SQL it was given, or null for a batch or a
 * prepared statement's own), and {@link #delegate()} picks the statement each call goes to. A prepared
 * statement may send the {@link Statement} methods to another statement than its {@link PreparedStatement}
 * ones through {@link #statementDelegate()}.
 */
@SuppressWarnings("deprecation")
public abstract class DelegatingStatement implements Statement {
    /** The wrapped Statement; every method not overridden calls it, unchanged. */
    protected final Statement delegate;

    protected DelegatingStatement(Statement delegate) {
        this.delegate = delegate;
    }

    /** What every method calls: the field, unless a subclass picks the delegate per call. */
    protected Statement delegate() throws SQLException {
        return delegate;
    }

    /**
     * What the {@link Statement} methods call: {@link #delegate()}, unless a subclass answers them elsewhere. A
     * statement that picks its physical statement per execution keeps its settings and its last results in a
     * plain {@code Statement} of its own: a prepared one sends the {@code Statement} methods there while its
     * {@code PreparedStatement} methods (whose delegate type is narrower) stay its own.
     */
    protected Statement statementDelegate() throws SQLException {
        return delegate();
    }

    /** One call to the delegate that runs SQL. */
    @FunctionalInterface
    protected interface SqlCall<T> {
        T run() throws SQLException;
    }

    /**
     * Every execution passes here: {@code sql} is the text given to the call (null for a prepared statement's
     * own SQL or a batch), {@code batch} whether it runs the batch. Plain delegation runs the call; subclasses
     * check, report or time around it.
     */
    protected <T> T execution(String sql, boolean batch, SqlCall<T> call) throws SQLException {
        return call.run();
    }

    @Override
    public void addBatch(String a0) throws SQLException {
        statementDelegate().addBatch(a0);
    }

    @Override
    public void cancel() throws SQLException {
        statementDelegate().cancel();
    }

    @Override
    public void clearBatch() throws SQLException {
        statementDelegate().clearBatch();
    }

    @Override
    public void clearWarnings() throws SQLException {
        statementDelegate().clearWarnings();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        statementDelegate().closeOnCompletion();
    }

    @Override
    public void close() throws SQLException {
        statementDelegate().close();
    }

    @Override
    public String enquoteIdentifier(String a0, boolean a1) throws SQLException {
        return statementDelegate().enquoteIdentifier(a0, a1);
    }

    @Override
    public String enquoteLiteral(String a0) throws SQLException {
        return statementDelegate().enquoteLiteral(a0);
    }

    @Override
    public String enquoteNCharLiteral(String a0) throws SQLException {
        return statementDelegate().enquoteNCharLiteral(a0);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return execution(null, true, () -> statementDelegate().executeBatch());
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return execution(null, true, () -> statementDelegate().executeLargeBatch());
    }

    @Override
    public long executeLargeUpdate(String a0, int[] a1) throws SQLException {
        return execution(a0, false, () -> statementDelegate().executeLargeUpdate(a0, a1));
    }

    @Override
    public long executeLargeUpdate(String a0, String[] a1) throws SQLException {
        return execution(a0, false, () -> statementDelegate().executeLargeUpdate(a0, a1));
    }

    @Override
    public long executeLargeUpdate(String a0, int a1) throws SQLException {
        return execution(a0, false, () -> statementDelegate().executeLargeUpdate(a0, a1));
    }

    @Override
    public long executeLargeUpdate(String a0) throws SQLException {
        return execution(a0, false, () -> statementDelegate().executeLargeUpdate(a0));
    }

    @Override
    public ResultSet executeQuery(String a0) throws SQLException {
        return execution(a0, false, () -> statementDelegate().executeQuery(a0));
    }

    @Override
    public int executeUpdate(String a0, int[] a1) throws SQLException {
        return execution(a0, false, () -> statementDelegate().executeUpdate(a0, a1));
    }

    @Override
    public int executeUpdate(String a0, String[] a1) throws SQLException {
        return execution(a0, false, () -> statementDelegate().executeUpdate(a0, a1));
    }

    @Override
    public int executeUpdate(String a0, int a1) throws SQLException {
        return execution(a0, false, () -> statementDelegate().executeUpdate(a0, a1));
    }

    @Override
    public int executeUpdate(String a0) throws SQLException {
        return execution(a0, false, () -> statementDelegate().executeUpdate(a0));
    }

    @Override
    public boolean execute(String a0, int[] a1) throws SQLException {
        return execution(a0, false, () -> statementDelegate().execute(a0, a1));
    }

    @Override
    public boolean execute(String a0, String[] a1) throws SQLException {
        return execution(a0, false, () -> statementDelegate().execute(a0, a1));
    }

    @Override
    public boolean execute(String a0, int a1) throws SQLException {
        return execution(a0, false, () -> statementDelegate().execute(a0, a1));
    }

    @Override
    public boolean execute(String a0) throws SQLException {
        return execution(a0, false, () -> statementDelegate().execute(a0));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return statementDelegate().getConnection();
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return statementDelegate().getFetchDirection();
    }

    @Override
    public int getFetchSize() throws SQLException {
        return statementDelegate().getFetchSize();
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return statementDelegate().getGeneratedKeys();
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return statementDelegate().getLargeMaxRows();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return statementDelegate().getLargeUpdateCount();
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        return statementDelegate().getMaxFieldSize();
    }

    @Override
    public int getMaxRows() throws SQLException {
        return statementDelegate().getMaxRows();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return statementDelegate().getMoreResults();
    }

    @Override
    public boolean getMoreResults(int a0) throws SQLException {
        return statementDelegate().getMoreResults(a0);
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        return statementDelegate().getQueryTimeout();
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        return statementDelegate().getResultSetConcurrency();
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return statementDelegate().getResultSetHoldability();
    }

    @Override
    public int getResultSetType() throws SQLException {
        return statementDelegate().getResultSetType();
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return statementDelegate().getResultSet();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return statementDelegate().getUpdateCount();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return statementDelegate().getWarnings();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return statementDelegate().isCloseOnCompletion();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return statementDelegate().isClosed();
    }

    @Override
    public boolean isPoolable() throws SQLException {
        return statementDelegate().isPoolable();
    }

    @Override
    public boolean isSimpleIdentifier(String a0) throws SQLException {
        return statementDelegate().isSimpleIdentifier(a0);
    }

    @Override
    public void setCursorName(String a0) throws SQLException {
        statementDelegate().setCursorName(a0);
    }

    @Override
    public void setEscapeProcessing(boolean a0) throws SQLException {
        statementDelegate().setEscapeProcessing(a0);
    }

    @Override
    public void setFetchDirection(int a0) throws SQLException {
        statementDelegate().setFetchDirection(a0);
    }

    @Override
    public void setFetchSize(int a0) throws SQLException {
        statementDelegate().setFetchSize(a0);
    }

    @Override
    public void setLargeMaxRows(long a0) throws SQLException {
        statementDelegate().setLargeMaxRows(a0);
    }

    @Override
    public void setMaxFieldSize(int a0) throws SQLException {
        statementDelegate().setMaxFieldSize(a0);
    }

    @Override
    public void setMaxRows(int a0) throws SQLException {
        statementDelegate().setMaxRows(a0);
    }

    @Override
    public void setPoolable(boolean a0) throws SQLException {
        statementDelegate().setPoolable(a0);
    }

    @Override
    public void setQueryTimeout(int a0) throws SQLException {
        statementDelegate().setQueryTimeout(a0);
    }

    /** This object when it is an instance of {@code iface}, else the delegate's answer. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface != null && iface.isInstance(this) ? iface.cast(this) : statementDelegate().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface != null && iface.isInstance(this) || statementDelegate().isWrapperFor(iface);
    }
}
