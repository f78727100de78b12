package io.shardbridge.sharding.fastpath;

import io.shardbridge.jdbc.DelegatingDataSource;
import io.shardbridge.jdbc.RetainedParameters;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The connections a sharded target hands out: ShardingSphere-JDBC connections whose prepared statements
 * take the single-shard fast path when their SQL allows it ({@link SingleShardPlanner}), and otherwise
 * are ShardingSphere's own, with JDBC's parameter-retention rule restored ({@link RetainedParameters}).
 * Everything else on the connection (transactions, savepoints, isolation, metadata) is ShardingSphere's.
 */
public final class RoutingConnections {
    private RoutingConnections() {
    }

    /**
     * @param planner the fast path's planner, or null to send everything through ShardingSphere
     * @param guard   refuses subquery shapes ShardingSphere answers wrongly, or null for none
     */
    public static DataSource dataSource(DataSource shardingSphere, SingleShardPlanner planner, SubqueryGuard guard, FastPathStats stats) {
        return new DelegatingDataSource(shardingSphere) {
            @Override
            public Connection getConnection() throws SQLException {
                return connection(super.getConnection(), planner, guard, stats);
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return connection(super.getConnection(username, password), planner, guard, stats);
            }
        };
    }

    static Connection connection(Connection shardingSphere, SingleShardPlanner planner, SubqueryGuard guard, FastPathStats stats) {
        return (Connection) Proxy.newProxyInstance(RoutingConnections.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Handler(shardingSphere, planner, guard, stats));
    }

    private static final class Handler implements InvocationHandler {
        private final Connection delegate;
        private final SingleShardPlanner planner;
        private final SubqueryGuard guard;
        private final FastPathStats stats;

        Handler(Connection delegate, SingleShardPlanner planner, SubqueryGuard guard, FastPathStats stats) {
            this.delegate = delegate;
            this.planner = planner;
            this.guard = guard;
            this.stats = stats;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
                return proxy;
            }
            if (planner != null && name.equals("prepareStatement")) {
                Optional<SingleShardPlan> plan = planner.plan((String) args[0]);
                if (plan.isPresent()) {
                    if (delegate.isClosed()) {
                        throw new SQLException("the connection is closed", "08003");
                    }
                    return FastPathStatement.create(plan.get(), (Connection) proxy, delegate, method, args, stats);
                }
            }
            RetainedParameters.ExecutionCheck check = null;
            if (guard != null && name.equals("prepareStatement")) {
                SubqueryGuard.Verdict verdict = guard.verdict((String) args[0]);
                if (verdict instanceof SubqueryGuard.Refused) {
                    verdict.check(null); // refused before anything runs
                }
                check = verdict instanceof SubqueryGuard.SameSlot ? (sql, parameter) -> verdict.check(parameter) : null;
            } else if (guard != null && (name.equals("createStatement") || name.equals("prepareCall"))) {
                check = (sql, parameter) -> {
                    if (sql != null) {
                        guard.verdict(sql).check(null);
                    }
                };
            }
            Object result = RetainedParameters.invoke(delegate, method, args);
            if (result instanceof Statement statement) {
                stats.routed();
                return RetainedParameters.statement(statement, (Connection) proxy, check);
            }
            return result;
        }
    }
}
