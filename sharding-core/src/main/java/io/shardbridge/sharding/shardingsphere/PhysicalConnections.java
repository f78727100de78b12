package io.shardbridge.sharding.shardingsphere;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.jdbc.core.connection.DriverDatabaseConnectionManager;
import org.apache.shardingsphere.driver.jdbc.core.connection.ShardingSphereConnection;

/**
 * Where one ShardingSphere-JDBC 5.5.2 connection gets its shard connections. Its
 * {@code DriverDatabaseConnectionManager} opens them from a per-connection map of shard DataSources
 * (key {@code <database>.<shard>}); replacing the map's values before the first statement makes every shard
 * connection of that routing connection — ShardingSphere's executions and the fast path's alike — come
 * through the decorator. The map is a private field with no setter, so this is pinned to 5.5.2's layout and
 * fails loudly (at the first connection) if a ShardingSphere upgrade changes it.
 */
public final class PhysicalConnections {
    private static final Field DATA_SOURCES;

    static {
        try {
            DATA_SOURCES = DriverDatabaseConnectionManager.class.getDeclaredField("dataSourceMap");
            DATA_SOURCES.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError("ShardingSphere's DriverDatabaseConnectionManager has no dataSourceMap field "
                    + "(a ShardingSphere version other than 5.5.2?); cross-shard transactions need it: " + e);
        }
    }

    private PhysicalConnections() {
    }

    /** Decorates the shard DataSources of {@code routing}'s connection manager: {@code decorate(shardName, pool)}. */
    @SuppressWarnings("unchecked")
    public static void decorate(Connection routing, BiFunction<String, DataSource, DataSource> decorate) throws SQLException {
        DriverDatabaseConnectionManager manager = routing.unwrap(ShardingSphereConnection.class).getDatabaseConnectionManager();
        try {
            Map<String, DataSource> map = (Map<String, DataSource>) DATA_SOURCES.get(manager);
            map.replaceAll((key, pool) -> decorate.apply(key.substring(key.indexOf('.') + 1), pool));
        } catch (IllegalAccessException e) {
            throw new SQLException("cannot reach ShardingSphere's shard DataSources: " + e.getMessage(), "58000", e);
        }
    }

    /**
     * Forgets that a statement failed in {@code routing}'s current transaction: the caller rolled back to a
     * savepoint set before the failure, which on PostgreSQL makes the transaction healthy again, but
     * ShardingSphere keeps the mark and its commit would still roll everything back.
     */
    public static void forgetFailedStatement(Connection routing) throws SQLException {
        routing.unwrap(ShardingSphereConnection.class).getDatabaseConnectionManager().getConnectionContext()
                .getTransactionContext().setExceptionOccur(false);
    }

    /** Whether a statement failed in {@code routing}'s current transaction (ShardingSphere's LOCAL commit then rolls back). */
    public static boolean statementFailed(Connection routing) throws SQLException {
        return routing.unwrap(ShardingSphereConnection.class).getDatabaseConnectionManager().getConnectionContext()
                .getTransactionContext().isExceptionOccur();
    }
}
