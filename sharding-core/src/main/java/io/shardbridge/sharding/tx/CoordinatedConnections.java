package io.shardbridge.sharding.tx;

import io.shardbridge.jdbc.DelegatingDataSource;
import io.shardbridge.jdbc.RetainedParameters;
import io.shardbridge.sharding.shardingsphere.PhysicalConnections;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * ShardingSphere-JDBC connections whose transactions end through {@link ShardTransaction}: {@code commit()},
 * {@code rollback()}, {@code setAutoCommit(true)} inside a transaction, and {@code close()} with one open.
 * Everything else is ShardingSphere's. Each connection's shard connections are opened through
 * {@link ParticipantConnections}, bound to this connection's transaction.
 */
final class CoordinatedConnections {
    private CoordinatedConnections() {
    }

    static DataSource dataSource(DataSource shardingSphere, CrossShardCoordinator coordinator) {
        return new DelegatingDataSource(shardingSphere) {
            @Override
            public Connection getConnection() throws SQLException {
                return coordinated(super.getConnection(), coordinator);
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return coordinated(super.getConnection(username, password), coordinator);
            }
        };
    }

    private static Connection coordinated(Connection shardingSphere, CrossShardCoordinator coordinator) throws SQLException {
        ShardTransaction tx = new ShardTransaction(coordinator);
        tx.autoCommit(shardingSphere.getAutoCommit());
        try {
            PhysicalConnections.decorate(shardingSphere,
                    (shard, pool) -> ParticipantConnections.dataSource(shard, coordinator.databaseOf(shard), pool, tx));
        } catch (SQLException | RuntimeException e) {
            shardingSphere.close();
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(CoordinatedConnections.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Handler(shardingSphere, tx));
    }

    private record Handler(Connection delegate, ShardTransaction tx) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "commit" -> {
                    tx.commit(delegate);
                    return null;
                }
                case "rollback" -> {
                    if (args == null || args.length == 0) {
                        tx.rollback(delegate);
                        return null;
                    }
                }
                case "setAutoCommit" -> {
                    boolean autoCommit = (Boolean) args[0];
                    if (autoCommit && !tx.autoCommit() && tx.active()) {
                        tx.commit(delegate); // JDBC: switching auto-commit on commits the open transaction
                    }
                    delegate.setAutoCommit(autoCommit);
                    tx.autoCommit(autoCommit);
                    return null;
                }
                case "close" -> {
                    if (!delegate.isClosed() && !tx.autoCommit() && tx.active()) {
                        try {
                            tx.rollback(delegate);
                        } catch (SQLException e) {
                            // the connections are closed below regardless; a prepared branch is left to recovery
                        }
                    }
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "unwrap" -> {
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                }
                default -> {
                }
            }
            return RetainedParameters.invoke(delegate, method, args);
        }
    }
}
