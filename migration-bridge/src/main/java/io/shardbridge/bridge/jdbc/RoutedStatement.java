package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.CaptureResult;
import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.bridge.capture.ResultRows;
import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.bridge.capture.WriteRequest;
import io.shardbridge.bridge.keys.KeyFilling;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.bridge.shadow.ResultComparison;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.jdbc.delegate.StatementSettings;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Statement} whose SQL is routed execution by execution: straight to legacy when it touches
 * no migrating table, otherwise to the authoritative side of its units, with key capture for mirrored
 * writes and sampling for shadow reads. Settings are kept in the kit's {@link StatementSettings} and replayed onto each physical statement.
 */
class RoutedStatement implements Statement {
    /** What the caller asked an execution to return. */
    enum Mode { EXECUTE, QUERY, UPDATE }

    final BridgeConnection connection;
    final int resultSetType;
    final int resultSetConcurrency;
    final int resultSetHoldability;

    /** The caller's settings, replayed onto each physical statement before it runs. */
    private final StatementSettings settings = new StatementSettings(this instanceof java.sql.PreparedStatement);

    private Statement legacyStatement;
    private Statement targetStatement;
    /** The physical statement that ran last (its results are the caller's), or null after a captured write. */
    Statement lastPhysical;
    private ResultSet resultSet;
    private long updateCount = -1;
    private ResultSet generatedKeys;
    private final List<String> batch = new ArrayList<>();
    private final FilledInserts filledInserts = new FilledInserts();
    /** The keys shardbridge filled into the last INSERT, when they answer the caller's request (they win over the physical ones). */
    private ResultSet filledKeys;
    boolean closed;

    RoutedStatement(BridgeConnection connection, int type, int concurrency, int holdability) {
        this.connection = connection;
        this.resultSetType = type;
        this.resultSetConcurrency = concurrency;
        this.resultSetHoldability = holdability;
    }

    // ---- execution

    /** Runs {@code sql} with the caller's parameters (null for a plain statement) and records its results. */
    final Object run(StatementPlan plan, Mode mode, KeysRequest keys, List<StatementParameters> parameterSets, boolean isBatch,
                     PhysicalRunner runner) throws SQLException {
        checkOpen();
        clearResults();
        Route route = connection.route(plan);
        boolean ok = false;
        try {
            Object result;
            KeyFilling.Filled filled = route.side() == Side.TARGET ? fillKeys(plan, keys, parameterSets) : null;
            if (filled != null) {
                result = runFilled(connection.plan(filled.sql()), route, mode, filled, isBatch);
            } else if (route.capture() != null) {
                result = runCaptured(plan, route, mode, keys, parameterSets, isBatch);
            } else {
                Statement physical = runner.statementFor(route);
                applySettings(physical);
                lastPhysical = physical;
                result = runner.run(physical, route);
                if (route.shadow() != null && result instanceof ResultSet rs) {
                    result = shadowed(plan, route, rs, parameterSets);
                    resultSet = (ResultSet) result;
                    lastPhysical = null;
                    updateCount = -1;
                }
            }
            ok = true;
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.statementFailed(plan.sql(), e, route.side(), route.capture() != null);
            throw e;
        } finally {
            connection.afterStatement(route, ok);
        }
    }

    /** An INSERT from LIVE on that leaves a sequence key out, with the key filled from the shared allocator; null otherwise. */
    private KeyFilling.Filled fillKeys(StatementPlan plan, KeysRequest keys, List<StatementParameters> parameterSets) throws SQLException {
        KeyFilling filling = connection.runtime().keyFilling;
        UnitState unit = filling.isEmpty() ? null : plan.writtenUnit();
        return unit == null ? null : filling.fill(plan.sql(), plan.shape(), unit.name(), unit.epoch(), keys, parameterSets);
    }

    /** Runs the key-filled INSERT as an INSERT that gives its keys: captured in LIVE and RAMP_DOWN, straight to the target after. */
    private Object runFilled(StatementPlan filledPlan, Route route, Mode mode, KeyFilling.Filled filled, boolean isBatch) throws SQLException {
        Object result;
        if (route.capture() != null) {
            result = runCaptured(filledPlan, route, mode, filled.downstreamKeys(), filled.parameterSets(), isBatch);
        } else {
            java.sql.PreparedStatement ps = filledInserts.prepare(route.physical(), filledPlan.sqlFor(Side.TARGET), filled.downstreamKeys(),
                    resultSetType, resultSetConcurrency);
            applySettings(ps);
            lastPhysical = ps;
            result = FilledInserts.run(ps, mode, filled.parameterSets(), isBatch);
        }
        filledKeys = filled.generatedKeys();
        return result;
    }

    private Object runCaptured(StatementPlan plan, Route route, Mode mode, KeysRequest keys, List<StatementParameters> parameterSets,
                               boolean isBatch) throws SQLException {
        String table = plan.shape().writtenTable();
        TableDefinition definition = route.capture().table(table);
        WriteRequest request = new WriteRequest(plan.sqlFor(route.side()), plan.shape(), definition, route.capture().shardKey(table), parameterSets,
                isBatch, keys, this::applySettings, route.capture().state().name());
        CaptureResult result = connection.capture(route, request);
        lastPhysical = null;
        generatedKeys = result.generatedKeys();
        if (isBatch) {
            return result.updateCounts();
        }
        if (mode == Mode.QUERY) {
            if (result.resultSet() == null) {
                throw new SQLException("the statement returned no result set; use executeUpdate for a write without RETURNING", "02000");
            }
            resultSet = result.resultSet();
            return resultSet;
        }
        if (result.resultSet() != null && mode == Mode.EXECUTE) {
            resultSet = result.resultSet();
            return true;
        }
        updateCount = result.totalCount();
        return mode == Mode.EXECUTE ? (Object) false : (Object) updateCount;
    }

    /** The authoritative answer as it is, with its rows compared on the other side once the caller has read them all. */
    private ResultSet shadowed(StatementPlan plan, Route route, ResultSet authoritative, List<StatementParameters> parameterSets) throws SQLException {
        StatementParameters given = parameterSets.isEmpty() ? null : parameterSets.get(0);
        StatementParameters parameters = given instanceof RoutedParameters bindings ? bindings.copy() : given; // the caller may re-bind meanwhile
        return new ShadowedResultSet(authoritative,
                rows -> connection.runtime().shadow.compareLater(route.shadow(), route.shadowPhase(), plan.sql(), parameters, rows));
    }

    /** How a plain statement (or a prepared one) runs on the physical side when nothing is captured. */
    interface PhysicalRunner {
        Statement statementFor(Route route) throws SQLException;

        Object run(Statement physical, Route route) throws SQLException;
    }

    private Statement physicalStatement(Route route) throws SQLException {
        if (route.side() == Side.LEGACY) {
            if (legacyStatement == null || legacyStatement.isClosed()) {
                legacyStatement = create(route.physical());
            }
            return legacyStatement;
        }
        if (targetStatement == null || targetStatement.isClosed()) {
            targetStatement = create(route.physical());
        }
        return targetStatement;
    }

    private Statement create(Connection physical) throws SQLException {
        return physical.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    private Object runSql(String sql, Mode mode, KeysRequest keys, int[] columnIndexes) throws SQLException {
        StatementPlan plan = connection.plan(sql);
        return run(plan, mode, keys, List.of(), false, new PhysicalRunner() {
            @Override
            public Statement statementFor(Route route) throws SQLException {
                return physicalStatement(route);
            }

            @Override
            public Object run(Statement st, Route route) throws SQLException {
                String sql = plan.sqlFor(route.side());
                return switch (mode) {
                    case QUERY -> resultSet = st.executeQuery(sql);
                    // the int forms: ShardingSphere does not implement the executeLarge* methods
                    case UPDATE -> (long) (columnIndexes != null ? st.executeUpdate(sql, columnIndexes)
                            : keys.all() ? st.executeUpdate(sql, RETURN_GENERATED_KEYS)
                            : !keys.columns().isEmpty() ? st.executeUpdate(sql, keys.columns().toArray(String[]::new))
                            : st.executeUpdate(sql));
                    case EXECUTE -> columnIndexes != null ? st.execute(sql, columnIndexes)
                            : keys.all() ? st.execute(sql, RETURN_GENERATED_KEYS)
                            : !keys.columns().isEmpty() ? st.execute(sql, keys.columns().toArray(String[]::new))
                            : st.execute(sql);
                };
            }
        });
    }

    static KeysRequest keys(int autoGeneratedKeys) {
        return autoGeneratedKeys == RETURN_GENERATED_KEYS ? KeysRequest.ALL : KeysRequest.NONE;
    }

    static KeysRequest keys(String[] columnNames) {
        return new KeysRequest(false, java.util.Arrays.stream(columnNames).map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList());
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return (ResultSet) runSql(sql, Mode.QUERY, KeysRequest.NONE, null);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return toInt(executeLargeUpdate(sql));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return (Long) runSql(sql, Mode.UPDATE, KeysRequest.NONE, null);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return toInt(executeLargeUpdate(sql, autoGeneratedKeys));
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (Long) runSql(sql, Mode.UPDATE, keys(autoGeneratedKeys), null);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return toInt(executeLargeUpdate(sql, columnIndexes));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return (Long) runSql(sql, Mode.UPDATE, KeysRequest.NONE, columnIndexes);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return toInt(executeLargeUpdate(sql, columnNames));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return (Long) runSql(sql, Mode.UPDATE, keys(columnNames), null);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return (Boolean) runSql(sql, Mode.EXECUTE, KeysRequest.NONE, null);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return (Boolean) runSql(sql, Mode.EXECUTE, keys(autoGeneratedKeys), null);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return (Boolean) runSql(sql, Mode.EXECUTE, KeysRequest.NONE, columnIndexes);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return (Boolean) runSql(sql, Mode.EXECUTE, keys(columnNames), null);
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toInts(executeLargeBatch());
    }

    /** Each SQL of a plain batch is routed on its own (they may touch different units); all on legacy runs as one batch. */
    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<String> sqls = new ArrayList<>(batch);
        batch.clear();
        if (sqls.stream().map(connection::plan).allMatch(p -> p.legacyOnly() && !connection.mayWriteUnseen(p))) {
            String text = String.join("; ", sqls);
            connection.beforeLegacyOnly(text, sqls.stream().anyMatch(s -> BridgeConnection.mayWrite(connection.plan(s))));
            Statement st = connection.legacy().createStatement();
            try (st) {
                applySettings(st);
                for (String sql : sqls) {
                    st.addBatch(sql);
                }
                return toLongs(st.executeBatch());
            } catch (SQLException | RuntimeException e) {
                connection.statementFailed(text, e, Side.LEGACY, false);
                throw e;
            }
        }
        long[] counts = new long[sqls.size()];
        for (int i = 0; i < sqls.size(); i++) {
            counts[i] = executeLargeUpdate(sqls.get(i));
        }
        return counts;
    }

    // ---- results

    void clearResults() throws SQLException {
        if (resultSet != null && lastPhysical == null) {
            resultSet.close();
        }
        resultSet = null;
        updateCount = -1;
        generatedKeys = null;
        filledKeys = null;
        lastPhysical = null;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return lastPhysical != null ? lastPhysical.getResultSet() : resultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return toInt(getLargeUpdateCount());
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return lastPhysical != null ? lastPhysical.getLargeUpdateCount() : resultSet != null ? -1 : updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (lastPhysical != null) {
            return lastPhysical.getMoreResults(current);
        }
        if (resultSet != null && current != KEEP_CURRENT_RESULT) {
            resultSet.close();
        }
        resultSet = null;
        updateCount = -1;
        return false;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (filledKeys != null) {
            return filledKeys;
        }
        if (lastPhysical != null) {
            return lastPhysical.getGeneratedKeys();
        }
        return generatedKeys != null ? generatedKeys : io.shardbridge.bridge.capture.ResultRows.emptyResultSet();
    }

    // ---- settings

    final void applySettings(Statement physical) throws SQLException {
        settings.applyTo(physical);
    }

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
        return toInt(getLargeMaxRows());
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
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return lastPhysical != null ? lastPhysical.getWarnings() : null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        if (lastPhysical != null) {
            lastPhysical.clearWarnings();
        }
    }

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        Statement running = lastPhysical;
        if (running != null) {
            running.cancel();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException first = null;
        for (Statement st : new Statement[] {legacyStatement, targetStatement}) {
            if (st != null) {
                try {
                    st.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
        }
        if (resultSet != null) {
            resultSet.close();
        }
        filledInserts.close();
        closePhysical();
        if (first != null) {
            throw first;
        }
    }

    /** Closes physical statements a subclass holds. */
    void closePhysical() throws SQLException {
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName(), "0A000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("this statement is closed", "HY010");
        }
        connection.checkOpen();
    }

    static int[] toInts(long[] counts) {
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = toInt(counts[i]);
        }
        return out;
    }

    static long[] toLongs(int[] counts) {
        long[] out = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }

    static int toInt(long count) {
        return count > Integer.MAX_VALUE ? SUCCESS_NO_INFO : (int) count;
    }
}
