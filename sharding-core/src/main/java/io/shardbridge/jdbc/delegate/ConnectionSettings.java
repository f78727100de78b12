package io.shardbridge.jdbc.delegate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The session settings a caller gave a connection that opens a second physical connection later (the
 * migration layer's target, opened on first use): kept here and replayed onto that connection when it
 * opens, so it starts in the state the caller set — read-only, isolation, holdability, schema, catalog,
 * client info, type map, network timeout. Only what the caller set is replayed; the pool's defaults stay.
 *
 * <p>Auto-commit is not here: it is part of the owner's transaction logic (switching it on commits), and the
 * owner passes it when it opens the connection.
 */
public final class ConnectionSettings {
    private Boolean readOnly;
    private Integer isolation;
    private Integer holdability;
    private String schema;
    private String catalog;
    private Properties clientInfo;
    private Map<String, Class<?>> typeMap;
    private Executor networkTimeoutExecutor;
    private Integer networkTimeout;

    /** Replays every setting the caller set onto {@code connection}, just opened. */
    public void applyTo(Connection connection) throws SQLException {
        if (readOnly != null) {
            connection.setReadOnly(readOnly);
        }
        if (isolation != null) {
            connection.setTransactionIsolation(isolation);
        }
        if (holdability != null) {
            connection.setHoldability(holdability);
        }
        if (catalog != null) {
            connection.setCatalog(catalog);
        }
        if (schema != null) {
            connection.setSchema(schema);
        }
        if (clientInfo != null) {
            connection.setClientInfo(clientInfo);
        }
        if (typeMap != null) {
            typeMapTo(connection);
        }
        if (networkTimeout != null) {
            connection.setNetworkTimeout(networkTimeoutExecutor, networkTimeout);
        }
    }

    public boolean readOnly() {
        return readOnly != null && readOnly;
    }

    public void readOnly(boolean value) {
        readOnly = value;
    }

    /** The isolation level the caller set, or -1 when none was. */
    public int isolation() {
        return isolation == null ? -1 : isolation;
    }

    public void isolation(int level) {
        isolation = level;
    }

    public void holdability(int value) {
        holdability = value;
    }

    public void schema(String value) {
        schema = value;
    }

    public void catalog(String value) {
        catalog = value;
    }

    public void clientInfo(String name, String value) {
        if (clientInfo == null) {
            clientInfo = new Properties();
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    public void clientInfo(Properties properties) {
        clientInfo = new Properties();
        clientInfo.putAll(properties);
    }

    public void typeMap(Map<String, Class<?>> map) {
        typeMap = map;
    }

    /** The type map set on {@code connection}; one that supports none (ShardingSphere's) keeps none, as it would have anyway. */
    public void typeMapTo(Connection connection) throws SQLException {
        try {
            connection.setTypeMap(typeMap);
        } catch (SQLFeatureNotSupportedException e) {
            // nothing to map with on that side: its values are read as the driver gives them
        }
    }

    public void networkTimeout(Executor executor, int milliseconds) {
        networkTimeoutExecutor = executor;
        networkTimeout = milliseconds;
    }
}
