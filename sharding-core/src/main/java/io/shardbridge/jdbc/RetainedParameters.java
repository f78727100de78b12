package io.shardbridge.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gives ShardingSphere-JDBC's prepared statements the JDBC rule every driver follows: a parameter value
 * persists until it is replaced or {@code clearParameters()} is called. ShardingSphere 5.5.2 forgets
 * all values after each execution, so re-executing after re-binding only some of them fails
 * ("No value specified for parameter 2", or an IndexOutOfBoundsException on INSERT).
 *
 * <p>Correctness: every {@code setXxx(index, …)} is recorded (the latest per index) and passed through.
 * After an execution the delegate may have forgotten them, so before the next statement that runs the
 * bound values ({@code execute()}, {@code executeQuery()}, {@code executeUpdate()}, {@code addBatch()};
 * not {@code executeBatch}, which runs what was added) the recorded calls are replayed in index order; a replayed call sets the value the
 * caller last set, so replaying can never change what the statement means.
 *
 * <p>The connections of {@link io.shardbridge.sharding.fastpath.RoutingConnections} wrap every statement
 * ShardingSphere prepares with this; statements on the single-shard fast path keep their values themselves.
 */
public final class RetainedParameters {
    private RetainedParameters() {
    }

    /** {@code delegate} wrapped so that every prepared statement keeps its parameter values (see the class comment). */
    public static Statement statement(Statement delegate, Connection owner) {
        return statement(delegate, owner, null);
    }

    /** A check run before each execution: the SQL passed to it ({@code null} for a prepared statement's own) and the bound values. */
    @FunctionalInterface
    public interface ExecutionCheck {
        void beforeExecute(String sql, java.util.function.IntFunction<Object> parameter) throws SQLException;
    }

    /** As {@link #statement(Statement, Connection)}, with {@code check} run before every execution (null: none). */
    public static Statement statement(Statement delegate, Connection owner, ExecutionCheck check) {
        Class<?> face = delegate instanceof CallableStatement ? CallableStatement.class
                : delegate instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return (Statement) Proxy.newProxyInstance(RetainedParameters.class.getClassLoader(), new Class<?>[] {face},
                new StatementHandler(delegate, owner, check));
    }

    /** Calls {@code method} on {@code target}, throwing what the driver threw rather than a reflection wrapper. */
    public static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // the driver's own SQLException, unchanged
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Statement delegate;
        private final Connection connection;
        private final ExecutionCheck check;
        private final Map<Integer, Object[]> parameters = new TreeMap<>();
        private boolean delegateMayHaveForgotten;

        StatementHandler(Statement delegate, Connection connection, ExecutionCheck check) {
            this.delegate = delegate;
            this.connection = connection;
            this.check = check;
        }

        private Object boundValue(int index) {
            Object[] call = parameters.get(index);
            return call == null || ((Method) call[0]).getName().equals("setNull") ? null : ((Object[]) call[1])[1];
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("getConnection")) {
                return connection;
            }
            if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
                return proxy;
            }
            if (name.equals("clearParameters")) {
                parameters.clear();
            } else if (isParameterSetter(method, args)) {
                parameters.put((Integer) args[0], new Object[] {method, args});
            } else if (name.startsWith("execute") || name.equals("addBatch")) {
                if (check != null && !name.equals("executeBatch") && !name.equals("executeLargeBatch")) {
                    check.beforeExecute(args != null && args.length > 0 && args[0] instanceof String sql ? sql : null, this::boundValue);
                }
                if (delegateMayHaveForgotten && usesCurrentParameters(name, args)) {
                    replay();
                }
                delegateMayHaveForgotten = true;
            }
            return RetainedParameters.invoke(delegate, method, args);
        }

        private void replay() throws Throwable {
            for (Object[] call : parameters.values()) {
                RetainedParameters.invoke(delegate, (Method) call[0], (Object[]) call[1]);
            }
        }

        /** execute()/executeQuery()/executeUpdate()/addBatch() run the bound values; executeBatch runs the batch. */
        private static boolean usesCurrentParameters(String name, Object[] args) {
            return (args == null || args.length == 0) && !name.equals("executeBatch") && !name.equals("executeLargeBatch");
        }

        private boolean isParameterSetter(Method method, Object[] args) {
            return delegate instanceof PreparedStatement && method.getName().startsWith("set") && args != null && args.length >= 2
                    && method.getParameterTypes()[0] == int.class;
        }
    }
}
