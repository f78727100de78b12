package io.shardbridge.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.DatabaseEndpoint;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Opens one HikariCP pool per physical database and fails fast, naming the database and its URL
 * (never the password), when it cannot be reached at start-up: with a {@link CannotConnectException}
 * that keeps the driver's SQLState, so callers tell an unreachable server from refused credentials.
 */
public final class ConnectionPools {
    private ConnectionPools() {
    }

    /**
     * @param role what the database is to shardbridge, for messages: "shard ds0", "legacy", "control"
     */
    public static HikariDataSource open(String role, DatabaseEndpoint endpoint, int connectTimeoutSeconds) {
        return open(role, endpoint, connectTimeoutSeconds, null);
    }

    /** As {@link #open(String, DatabaseEndpoint, int)}, running {@code initSql} (null: none) on every new connection. */
    public static HikariDataSource open(String role, DatabaseEndpoint endpoint, int connectTimeoutSeconds, String initSql) {
        HikariConfig config = new HikariConfig();
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        config.setPoolName("shardbridge-" + role.replace(' ', '-'));
        config.setJdbcUrl(endpoint.url());
        config.setUsername(endpoint.username());
        config.setPassword(endpoint.password());
        config.setMaximumPoolSize(endpoint.maxPoolSize());
        config.setMinimumIdle(Math.min(2, endpoint.maxPoolSize()));
        config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(connectTimeoutSeconds));
        config.setInitializationFailTimeout(TimeUnit.SECONDS.toMillis(connectTimeoutSeconds));
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String sqlState = CannotConnectException.sqlStateOf(cause);
            String state = sqlState != null ? " [SQLState " + sqlState + "]" : "";
            String prefix = "cannot connect to " + role + " at " + endpoint.safeUrl() + " as user '" + endpoint.username() + "'" + state + ": "
                    + cause.getMessage() + ". ";
            String fix = CannotConnectException.credentialsRefused(sqlState)
                    ? "The server refused the credentials: check the username and password of " + role + " in your shardbridge YAML."
                    : "Check that the server is running, the database exists and the credentials are right (the URL comes from your "
                    + "shardbridge YAML).";
            throw new CannotConnectException(role, sqlState, prefix + fix, e);
        }
    }
}
