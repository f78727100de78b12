package io.shardbridge.sharding.fastpath;

import io.shardbridge.jdbc.RetainedParameters;
import io.shardbridge.jdbc.delegate.DelegatingConnection;
import io.shardbridge.jdbc.delegate.DelegatingDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
                return new RoutingConnection(super.getConnection(), planner, guard, stats);
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return new RoutingConnection(super.getConnection(username, password), planner, guard, stats);
            }
        };
    }

    /** How a prepared statement was asked for (the overload and its arguments), to prepare it again on a shard. */
    @FunctionalInterface
    interface Preparation {
        PreparedStatement prepare(Connection connection, String sql) throws SQLException;
    }

    private static final class RoutingConnection extends DelegatingConnection {
        private final SingleShardPlanner planner;
        private final SubqueryGuard guard;
        private final FastPathStats stats;

        RoutingConnection(Connection shardingSphere, SingleShardPlanner planner, SubqueryGuard guard, FastPathStats stats) {
            super(shardingSphere);
            this.planner = planner;
            this.guard = guard;
            this.stats = stats;
        }

        /**
         * The fast path when the planner places {@code sql}; otherwise ShardingSphere's statement, checked by the
         * guard. {@code withKeys}: the overload asks for generated keys, which the fast path answers itself.
         */
        private PreparedStatement prepared(String sql, boolean withKeys, Preparation how) throws SQLException {
            if (planner != null) {
                Optional<SingleShardPlan> plan = planner.plan(sql);
                if (plan.isPresent()) {
                    if (delegate.isClosed()) {
                        throw new SQLException("the connection is closed", "08003");
                    }
                    return new FastPathStatement(plan.get(), sql, this, delegate, how, withKeys, stats);
                }
            }
            RetainedParameters.ExecutionCheck check = null;
            if (guard != null) {
                SubqueryGuard.Verdict verdict = guard.verdict(sql);
                if (verdict instanceof SubqueryGuard.Refused) {
                    verdict.check(null); // refused before anything runs
                }
                check = verdict instanceof SubqueryGuard.SameSlot ? (text, parameter) -> verdict.check(parameter) : null;
            }
            PreparedStatement statement = how.prepare(delegate, sql);
            stats.routed();
            return (PreparedStatement) RetainedParameters.statement(statement, this, check);
        }

        /** ShardingSphere's plain statement, each SQL checked by the guard before it runs. */
        private Statement plain(Statement statement) {
            stats.routed();
            RetainedParameters.ExecutionCheck check = guard == null ? null : (sql, parameter) -> {
                if (sql != null) {
                    guard.verdict(sql).check(null);
                }
            };
            return RetainedParameters.statement(statement, this, check);
        }

        @Override
        public PreparedStatement prepareStatement(String sql) throws SQLException {
            return prepared(sql, false, Connection::prepareStatement);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
            return prepared(sql, false, (c, s) -> c.prepareStatement(s, type, concurrency));
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
            return prepared(sql, false, (c, s) -> c.prepareStatement(s, type, concurrency, holdability));
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
            return prepared(sql, true, (c, s) -> c.prepareStatement(s, autoGeneratedKeys));
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
            return prepared(sql, true, (c, s) -> c.prepareStatement(s, columnIndexes));
        }

        @Override
        public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
            return prepared(sql, true, (c, s) -> c.prepareStatement(s, columnNames));
        }

        @Override
        public Statement createStatement() throws SQLException {
            return plain(delegate.createStatement());
        }

        @Override
        public Statement createStatement(int type, int concurrency) throws SQLException {
            return plain(delegate.createStatement(type, concurrency));
        }

        @Override
        public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
            return plain(delegate.createStatement(type, concurrency, holdability));
        }
    }
}
