package io.shardbridge.sharding.fastpath;

import io.shardbridge.jdbc.delegate.DelegatingPreparedStatement;
import io.shardbridge.jdbc.delegate.DelegatingStatement;
import io.shardbridge.jdbc.delegate.ParameterBindings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.IntFunction;

/**
 * Gives ShardingSphere-JDBC's prepared statements the JDBC rule every driver follows: a parameter value
 * persists until it is replaced or {@code clearParameters()} is called. ShardingSphere 5.5.2 forgets
 * all values after each execution, so re-executing after re-binding only some of them fails
 * ("No value specified for parameter 2", or an IndexOutOfBoundsException on INSERT).
 *
 * <p>Correctness: every {@code setXxx(index, …)} is recorded (the latest per index) and passed through.
 * After an execution the delegate may have forgotten them, so before the next statement that runs the
 * bound values ({@code execute()}, {@code executeQuery()}, {@code executeUpdate()}, {@code addBatch()};
 * not {@code executeBatch}, which runs what was added) the recorded calls are replayed in index order; a
 * replayed call sets the value the caller last set, so replaying can never change what the statement means.
 *
 * <p>The connections of {@link io.shardbridge.sharding.fastpath.RoutingConnections} wrap every statement
 * ShardingSphere prepares with this; statements on the single-shard fast path keep their values themselves.
 */
public final class RetainedParameters extends DelegatingPreparedStatement {
    /** A check run before each execution: the SQL passed to it ({@code null} for a prepared statement's own) and the bound values. */
    @FunctionalInterface
    public interface ExecutionCheck {
        void beforeExecute(String sql, IntFunction<Object> parameter) throws SQLException;
    }

    private final Connection owner;
    private final ExecutionCheck check;
    private final ParameterBindings parameters = new ParameterBindings();
    private boolean delegateMayHaveForgotten;

    private RetainedParameters(PreparedStatement delegate, Connection owner, ExecutionCheck check) {
        super(delegate);
        this.owner = owner;
        this.check = check;
    }

    /** {@code delegate} answering {@code getConnection()} with {@code owner}; a prepared one keeps its parameter values (see the class comment). */
    public static Statement statement(Statement delegate, Connection owner) {
        return statement(delegate, owner, null);
    }

    /** As {@link #statement(Statement, Connection)}, with {@code check} run before every execution but a batch's (null: none). */
    public static Statement statement(Statement delegate, Connection owner, ExecutionCheck check) {
        return delegate instanceof PreparedStatement ps ? new RetainedParameters(ps, owner, check) : new Checked(delegate, owner, check);
    }

    @Override
    protected void bind(int position, Object value, ParameterBindings.Setter setter) throws SQLException {
        parameters.set(position, value, setter);
        setter.apply(delegate, position);
    }

    @Override
    public void clearParameters() throws SQLException {
        parameters.clear();
        delegate.clearParameters();
    }

    @Override
    protected <T> T execution(String sql, boolean batch, SqlCall<T> call) throws SQLException {
        if (batch) {
            delegateMayHaveForgotten = true;
        } else {
            beforeRun(sql);
        }
        return call.run();
    }

    @Override
    public void addBatch() throws SQLException {
        beforeRun(null);
        delegate.addBatch();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        beforeRun(sql);
        delegate.addBatch(sql);
    }

    /** The check, then the recorded values replayed when this call runs them and the delegate may have forgotten them. */
    private void beforeRun(String sql) throws SQLException {
        if (check != null) {
            check.beforeExecute(sql, i -> parameters.valueOrNull(i - 1));
        }
        if (delegateMayHaveForgotten && sql == null) {
            parameters.replay(delegate);
        }
        delegateMayHaveForgotten = true;
    }

    @Override
    public Connection getConnection() {
        return owner;
    }

    /** A plain statement of a routing connection: the check before each execution, and the routing connection as its connection. */
    private static final class Checked extends DelegatingStatement {
        private final Connection owner;
        private final ExecutionCheck check;

        Checked(Statement delegate, Connection owner, ExecutionCheck check) {
            super(delegate);
            this.owner = owner;
            this.check = check;
        }

        @Override
        protected <T> T execution(String sql, boolean batch, SqlCall<T> call) throws SQLException {
            if (check != null && !batch) {
                check.beforeExecute(sql, i -> null);
            }
            return call.run();
        }

        @Override
        public void addBatch(String sql) throws SQLException {
            if (check != null) {
                check.beforeExecute(sql, i -> null);
            }
            delegate.addBatch(sql);
        }

        @Override
        public Connection getConnection() {
            return owner;
        }
    }
}
