package io.shardbridge.sharding.tx;

import io.shardbridge.jdbc.delegate.DelegatingConnection;
import io.shardbridge.jdbc.delegate.DelegatingDataSource;
import io.shardbridge.sharding.shardingsphere.PhysicalConnections;
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
        return new CoordinatedConnection(shardingSphere, tx);
    }

    private static final class CoordinatedConnection extends DelegatingConnection {
        private final ShardTransaction tx;

        CoordinatedConnection(Connection shardingSphere, ShardTransaction tx) {
            super(shardingSphere);
            this.tx = tx;
        }

        @Override
        public void commit() throws SQLException {
            tx.commit(delegate);
        }

        @Override
        public void rollback() throws SQLException {
            tx.rollback(delegate);
        }

        @Override
        public void setAutoCommit(boolean autoCommit) throws SQLException {
            if (autoCommit && !tx.autoCommit() && tx.active()) {
                tx.commit(delegate); // JDBC: switching auto-commit on commits the open transaction
            }
            delegate.setAutoCommit(autoCommit);
            tx.autoCommit(autoCommit);
        }

        @Override
        public void close() throws SQLException {
            if (!delegate.isClosed() && !tx.autoCommit() && tx.active()) {
                try {
                    tx.rollback(delegate);
                } catch (SQLException e) {
                    // the connections are closed below regardless; a prepared branch is left to recovery
                }
            }
            delegate.close();
        }
    }
}
