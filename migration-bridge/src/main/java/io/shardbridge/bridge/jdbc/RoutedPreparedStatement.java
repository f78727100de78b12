package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.jdbc.delegate.DelegatingPreparedStatement;
import io.shardbridge.jdbc.delegate.ParameterBindings;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PreparedStatement} on SQL that touches a migrating table. Parameter values are kept in the kit's
 * recorder (until cleared, as JDBC requires) and replayed onto the physical statement of whichever side runs
 * each execution ({@link RoutedExecution}), so a phase change between two executions is invisible to the
 * caller. Its {@code Statement} methods — settings, results, life cycle — are its {@link StatementState}'s;
 * every {@code PreparedStatement} method carries behaviour and is written here.
 */
final class RoutedPreparedStatement extends DelegatingPreparedStatement {
    private final StatementPlan plan;
    private final KeysRequest keys;
    private final StatementState state;
    private final PhysicalStatements<PreparedStatement> physical;
    private final RoutedExecution execution;
    private final RoutedParameters parameters = new RoutedParameters();
    private final List<StatementParameters> batch = new ArrayList<>();

    RoutedPreparedStatement(BridgeConnection connection, StatementPlan plan, KeysRequest keys, int type, int concurrency, int holdability) {
        super(null); // no PreparedStatement is wrapped: each execution picks its physical one
        this.plan = plan;
        this.keys = keys;
        this.physical = new PhysicalStatements<>((c, sql, k) -> PhysicalStatements.prepare(c, sql, k, type, concurrency, -1));
        this.state = new StatementState(connection, true, type, concurrency, holdability < 0 ? ResultSet.HOLD_CURSORS_OVER_COMMIT : holdability,
                physical);
        this.execution = new RoutedExecution(state);
    }

    @Override
    protected Statement statementDelegate() {
        return state;
    }

    /** Every parameter setter: recorded, replayed onto the physical statement at execution. */
    @Override
    protected void bind(int position, Object value, ParameterBindings.Setter setter) throws SQLException {
        parameters.set(position, value, setter);
    }

    /** The SQL-taking methods of Statement cannot be called on a PreparedStatement (JDBC); batches and the statement's own SQL pass. */
    @Override
    protected <T> T execution(String sql, boolean isBatch, SqlCall<T> call) throws SQLException {
        if (sql != null) {
            throw sqlNotAllowed();
        }
        return call.run();
    }

    private static SQLException sqlNotAllowed() {
        return new SQLException("this method cannot be called on a PreparedStatement; it runs the SQL it was prepared with", "42000");
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw sqlNotAllowed();
    }

    private PreparedStatement physical(Route route) throws SQLException {
        return physical.on(route.side(), route.physical(), plan.sqlFor(route.side()), keys);
    }

    private Object runPrepared(ResultMode mode) throws SQLException {
        return execution.run(plan, mode, keys, List.of(parameters), false, new RoutedExecution.PhysicalRunner() {
            @Override
            public Statement statementFor(Route route) throws SQLException {
                return physical(route);
            }

            @Override
            public Object run(Statement st, Route route) throws SQLException {
                PreparedStatement ps = (PreparedStatement) st;
                parameters.bindAll(ps);
                return switch (mode) {
                    case QUERY -> ps.executeQuery();
                    case UPDATE -> (long) ps.executeUpdate(); // ShardingSphere has no executeLargeUpdate
                    case EXECUTE -> ps.execute();
                };
            }
        });
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return (ResultSet) runPrepared(ResultMode.QUERY);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return UpdateCounts.toInt(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return (Long) runPrepared(ResultMode.UPDATE);
    }

    @Override
    public boolean execute() throws SQLException {
        return (Boolean) runPrepared(ResultMode.EXECUTE);
    }

    @Override
    public void addBatch() throws SQLException {
        state.checkOpen();
        batch.add(parameters.copy());
    }

    @Override
    public void clearBatch() throws SQLException {
        state.checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return UpdateCounts.toInts(executeLargeBatch());
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        state.checkOpen();
        List<StatementParameters> sets = new ArrayList<>(batch);
        batch.clear();
        if (sets.isEmpty()) {
            return new long[0];
        }
        return (long[]) execution.run(plan, ResultMode.UPDATE, keys, sets, true, new RoutedExecution.PhysicalRunner() {
            @Override
            public Statement statementFor(Route route) throws SQLException {
                return physical(route);
            }

            @Override
            public Object run(Statement st, Route route) throws SQLException {
                PreparedStatement ps = (PreparedStatement) st;
                for (StatementParameters set : sets) {
                    set.bindAll(ps);
                    ps.addBatch();
                }
                return UpdateCounts.toLongs(ps.executeBatch());
            }
        });
    }

    @Override
    public void clearParameters() throws SQLException {
        state.checkOpen();
        parameters.clear();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        state.checkOpen();
        try (PreparedStatement ps = state.connection.legacy().prepareStatement(plan.sql())) {
            return ps.getMetaData();
        }
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        state.checkOpen();
        try (PreparedStatement ps = state.connection.legacy().prepareStatement(plan.sql())) {
            return ps.getParameterMetaData();
        }
    }
}
