package io.shardbridge.jdbc;

import io.shardbridge.config.ShardbridgeConfig;
import javax.sql.DataSource;

/**
 * What the {@code jdbc:shardbridge:} driver opens for a configuration. Found with
 * {@link java.util.ServiceLoader}; the opener with the highest {@link #priority()} wins, so the
 * migration layer (when on the classpath) sits behind the same URL as the plain sharded target.
 */
public interface DataSourceOpener {
    int priority();

    /** Opens the DataSource; the caller closes it (if it is {@link AutoCloseable}) when done. */
    DataSource open(ShardbridgeConfig config);
}
