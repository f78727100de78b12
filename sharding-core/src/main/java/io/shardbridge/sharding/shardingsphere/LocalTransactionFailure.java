package io.shardbridge.sharding.shardingsphere;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.shardingsphere.driver.jdbc.core.connection.ShardingSphereConnection;
import org.apache.shardingsphere.infra.session.connection.transaction.TransactionConnectionContext;

/**
 * ShardingSphere 5.5.2's LOCAL transactions remember that a statement failed in them and then turn
 * {@code commit()} into a rollback without saying so — even after the caller rolled back to a savepoint
 * set before the failure, which on PostgreSQL makes the transaction healthy again. These two calls let
 * the layer that keeps the caller's transaction state read that mark and clear it when a rollback to
 * a savepoint has undone the failed statement.
 */
public final class LocalTransactionFailure {
    private LocalTransactionFailure() {
    }

    /** True when {@code routing}'s current transaction saw a failed statement, so its commit will roll back. */
    public static boolean marked(Connection routing) throws SQLException {
        TransactionConnectionContext context = context(routing);
        return context != null && context.isInTransaction() && context.isExceptionOccur();
    }

    /** Forgets the failed-statement mark: a rollback to a savepoint set before the failure has undone it. */
    public static void clear(Connection routing) throws SQLException {
        TransactionConnectionContext context = context(routing);
        if (context != null) {
            context.setExceptionOccur(false);
        }
    }

    private static TransactionConnectionContext context(Connection routing) throws SQLException {
        if (!routing.isWrapperFor(ShardingSphereConnection.class)) {
            return null;
        }
        return routing.unwrap(ShardingSphereConnection.class).getDatabaseConnectionManager().getConnectionContext().getTransactionContext();
    }
}
