package io.shardbridge.jdbc;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * {@code jdbc:shardbridge:file:/path/app.yaml} and {@code jdbc:shardbridge:classpath:app.yaml}.
 *
 * <p>The first connection for a URL reads the YAML and opens its DataSource (pools, routing); later
 * connections reuse it, since opening takes seconds. {@link #close(String)} releases one.
 */
public final class ShardbridgeDriver implements Driver {
    public static final String PREFIX = "jdbc:shardbridge:";
    private static final ShardbridgeDriver INSTANCE = new ShardbridgeDriver();
    private static final Map<String, DataSource> OPEN = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ShardbridgeDriver::closeAll, "shardbridge-driver-shutdown"));
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        return dataSource(url).getConnection();
    }

    /** The DataSource behind a {@code jdbc:shardbridge:} URL, opening it on first use. */
    public static DataSource dataSource(String url) throws SQLException {
        DataSource open = OPEN.get(url);
        if (open != null) {
            return open;
        }
        synchronized (OPEN) {
            open = OPEN.get(url);
            if (open == null) {
                try {
                    open = opener().open(load(url));
                } catch (ShardbridgeException e) {
                    // a database that refused the credentials says so (28P01 …); everything else is a failure to connect
                    String state = e instanceof io.shardbridge.pool.CannotConnectException c && c.sqlState() != null && !c.unreachable()
                            ? c.sqlState() : "08001";
                    throw new SQLException(e.getMessage() + " (opening " + url + ")", state, e);
                }
                OPEN.put(url, open);
            }
            return open;
        }
    }

    static ShardbridgeConfig load(String url) {
        String location = url.substring(PREFIX.length());
        if (location.startsWith("file:")) {
            return ShardbridgeConfigLoader.load(Path.of(location.substring("file:".length())));
        }
        if (location.startsWith("classpath:")) {
            return ShardbridgeConfigLoader.loadClasspath(location.substring("classpath:".length()));
        }
        throw new ShardbridgeException("cannot tell where '" + location + "' is; write jdbc:shardbridge:file:/path/app.yaml "
                + "or jdbc:shardbridge:classpath:app.yaml");
    }

    private static DataSourceOpener opener() {
        return ServiceLoader.load(DataSourceOpener.class, ShardbridgeDriver.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .max(Comparator.comparingInt(DataSourceOpener::priority))
                .orElseGet(ShardedTargetOpener::new);
    }

    /** Closes the DataSource opened for {@code url}, if any; the next connection opens it afresh. */
    public static void close(String url) {
        DataSource open = OPEN.remove(url);
        if (open instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort: pools are gone either way
            }
        }
    }

    static void closeAll() {
        OPEN.keySet().forEach(ShardbridgeDriver::close);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("shardbridge logs through slf4j");
    }
}
