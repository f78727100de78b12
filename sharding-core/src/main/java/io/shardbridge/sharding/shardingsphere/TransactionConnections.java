package io.shardbridge.sharding.shardingsphere;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.shardingsphere.driver.jdbc.core.connection.ShardingSphereConnection;
import org.apache.shardingsphere.infra.executor.sql.execute.engine.ConnectionMode;

/**
 * The physical connection a routing connection uses for one shard inside its current transaction.
 * Work written there commits or rolls back with the rows the service wrote on that shard — which is
 * what an intent of a target-authoritative write needs (DESIGN §5.2).
 */
public final class TransactionConnections {
    private TransactionConnections() {
    }

    /** The shard's connection in {@code routing}'s transaction (opened in it if the transaction has not touched the shard yet). */
    public static Connection physical(Connection routing, String shard) throws SQLException {
        ShardingSphereConnection connection = routing.unwrap(ShardingSphereConnection.class);
        boolean inTransaction = !connection.getAutoCommit();
        if (inTransaction) {
            connection.beginTransactionIfNeededWhenAutoCommitFalse();
        }
        List<Connection> connections = connection.getDatabaseConnectionManager()
                .getConnections(ShardingRuleYaml.DATABASE_NAME, shard, 0, 1, ConnectionMode.MEMORY_STRICTLY);
        Connection physical = connections.get(0);
        if (inTransaction && physical.getAutoCommit()) {
            physical.setAutoCommit(false); // the router commits it with the rest of the transaction
        }
        return physical;
    }
}
