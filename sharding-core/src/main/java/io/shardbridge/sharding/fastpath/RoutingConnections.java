package io.shardbridge.sharding.fastpath;

import io.shardbridge.jdbc.delegate.DelegatingConnection;
import io.shardbridge.jdbc.delegate.DelegatingDataSource;
import io.shardbridge.sharding.shardingsphere.TransactionConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The connections a sharded target hands out: ShardingSphere-JDBC connections whose prepared statements
 * take the single-shard fast path when their SQL allows it ({@link SingleShardPlanner}), and otherwise
 * are ShardingSphere's own, with JDBC's parameter-retention rule restored ({@link RetainedParameters}).
 * Everything else on the connection (transactions, savepoints, isolation, metadata) is ShardingSphere's.
 *
 * <p>ShardingSphere's connection is opened on first need, not when the caller borrows one: building it costs
 * more than a point statement's own work in the JVM. Until something needs it, the fast path runs on a
 * connection of the shard's pool taken directly. That is what ShardingSphere's connection would run it on:
 * nothing has been set on the connection yet (any setter, {@code getAutoCommit} included, opens
 * ShardingSphere's connection), so it is in auto-commit with the pool's defaults, where ShardingSphere takes
 * the shard's connection from the same pool with nothing recorded to replay and no transaction to join.
 * Once ShardingSphere's connection is open every later statement uses it; a shard connection taken
 * directly before stays with this connection (a result set read from it may still be open) until it closes.
 */
public final class RoutingConnections {
    private RoutingConnections() {
    }

    /**
     * @param planner the fast path's planner, or null to send everything through ShardingSphere
     * @param guard   refuses subquery shapes ShardingSphere answers wrongly, or null for none
     */
    public static DataSource dataSource(DataSource shardingSphere, SingleShardPlanner planner, SubqueryGuard guard, FastPathStats stats) {
        return dataSource(shardingSphere, planner, guard, stats, null);
    }

    /**
     * @param shardPools the pools ShardingSphere takes each shard's connections from (by shard name), for the fast path
     *                   before ShardingSphere's connection is needed; null to open ShardingSphere's connection with each
     */
    public static DataSource dataSource(DataSource shardingSphere, SingleShardPlanner planner, SubqueryGuard guard, FastPathStats stats,
                                        Map<String, ? extends DataSource> shardPools) {
        return new DelegatingDataSource(shardingSphere) {
            @Override
            public Connection getConnection() throws SQLException {
                if (planner != null && shardPools != null) {
                    return new RoutingConnection(null, delegate::getConnection, planner, guard, stats, shardPools);
                }
                return new RoutingConnection(super.getConnection(), null, planner, guard, stats, null);
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return new RoutingConnection(super.getConnection(username, password), null, planner, guard, stats, null);
            }
        };
    }

    /** Opens ShardingSphere's connection. */
    @FunctionalInterface
    private interface Opener {
        Connection open() throws SQLException;
    }

    /** How a prepared statement was asked for (the overload and its arguments), to prepare it again on a shard. */
    @FunctionalInterface
    interface Preparation {
        PreparedStatement prepare(Connection connection, String sql) throws SQLException;
    }

    static final class RoutingConnection extends DelegatingConnection {
        private final SingleShardPlanner planner;
        private final SubqueryGuard guard;
        private final FastPathStats stats;
        private final Opener opener;
        private final Map<String, ? extends DataSource> shardPools;
        private Connection shardingSphere;
        private Map<String, Connection> direct; // shard connections taken from the pools before ShardingSphere's connection opened
        private boolean closed;

        /** {@code shardingSphere} already open, or null with {@code opener} opening it on first need. */
        RoutingConnection(Connection shardingSphere, Opener opener, SingleShardPlanner planner, SubqueryGuard guard, FastPathStats stats,
                          Map<String, ? extends DataSource> shardPools) {
            super(shardingSphere);
            this.shardingSphere = shardingSphere;
            this.opener = opener;
            this.planner = planner;
            this.guard = guard;
            this.stats = stats;
            this.shardPools = shardPools;
        }

        /** ShardingSphere's connection, opened now if nothing needed it before. */
        @Override
        protected Connection delegate() throws SQLException {
            if (shardingSphere == null) {
                if (closed) {
                    throw new SQLException("the connection is closed", "08003");
                }
                shardingSphere = opener.open();
            }
            return shardingSphere;
        }

        /** ShardingSphere's connection (opened now if nothing needed it before), for the fast path's fallback. */
        Connection opened() throws SQLException {
            return delegate();
        }

        /** The shard's connection for a fast-path execution: taken from its pool while ShardingSphere's is not open, else in its transaction. */
        Connection physical(String shard) throws SQLException {
            if (shardingSphere == null && shardPools != null) {
                if (closed) {
                    throw new SQLException("the connection is closed", "08003");
                }
                if (direct == null) {
                    direct = new HashMap<>(4);
                }
                Connection c = direct.get(shard);
                if (c == null) {
                    c = shardPools.get(shard).getConnection();
                    direct.put(shard, c);
                }
                return c;
            }
            return TransactionConnections.physical(delegate(), shard);
        }

        @Override
        public boolean isClosed() throws SQLException {
            return shardingSphere == null ? closed : shardingSphere.isClosed();
        }

        @Override
        public void abort(java.util.concurrent.Executor executor) throws SQLException {
            closed = true;
            if (direct != null) {
                for (Connection c : direct.values()) {
                    c.abort(executor);
                }
                direct = null;
            }
            if (shardingSphere != null) {
                shardingSphere.abort(executor);
            }
        }

        @Override
        public void close() throws SQLException {
            closed = true;
            SQLException failure = null;
            if (direct != null) {
                for (Connection c : direct.values()) {
                    try {
                        c.close();
                    } catch (SQLException e) {
                        failure = failure == null ? e : failure;
                    }
                }
                direct = null;
            }
            if (shardingSphere != null) {
                shardingSphere.close();
            }
            if (failure != null) {
                throw failure;
            }
        }

        /**
         * The fast path when the planner places {@code sql}; otherwise ShardingSphere's statement, checked by the
         * guard. {@code withKeys}: the overload asks for generated keys, which the fast path answers itself.
         */
        private PreparedStatement prepared(String sql, boolean withKeys, Preparation how) throws SQLException {
            if (planner != null) {
                Optional<SingleShardPlan> plan = planner.plan(sql);
                if (plan.isPresent()) {
                    if (isClosed()) {
                        throw new SQLException("the connection is closed", "08003");
                    }
                    return new FastPathStatement(plan.get(), sql, this, how, withKeys, stats);
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
            PreparedStatement statement = how.prepare(delegate(), sql);
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
            return plain(delegate().createStatement());
        }

        @Override
        public Statement createStatement(int type, int concurrency) throws SQLException {
            return plain(delegate().createStatement(type, concurrency));
        }

        @Override
        public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
            return plain(delegate().createStatement(type, concurrency, holdability));
        }
    }
}
