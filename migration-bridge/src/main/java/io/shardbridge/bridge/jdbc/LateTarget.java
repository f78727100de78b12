package io.shardbridge.bridge.jdbc;

import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.jdbc.delegate.DelegatingDataSource;
import io.shardbridge.pool.CannotConnectException;
import io.shardbridge.target.ShardedTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The sharded target of an instance that started while the target could not be opened (issue #15,
 * item 6). While legacy is authoritative for every unit, a target that is down must not stop the
 * service: the instance starts on legacy and this class keeps opening the target in the background
 * (every {@code retry}, doubling up to 30 s) until it opens. Until then its DataSources — the routing
 * one and each shard's — refuse every connection with SQLState 08001 naming the cause, which is exactly
 * what a mirror outage looks like to the rest of the layer: the mirror write fails, the intent stays, the
 * circuit breaker opens, and the background repair drains the intents once the target is open (the
 * {@code opened} callback creates the shards' intent tables first). Units at a phase where the target is
 * authoritative cannot start without it: the bridge refuses to open then, with the cause. Only a target that
 * could not be reached starts late ({@link #unreachable}); refused credentials stop start-up at once.
 */
final class LateTarget implements AutoCloseable {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(LateTarget.class);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private final TargetConfig config;
    private final Supplier<ShardedTarget> opener;
    private final Consumer<ShardedTarget> opened;
    private final ScheduledExecutorService retries;
    private final DataSource routing;
    private final Map<String, DataSource> shards = new LinkedHashMap<>();
    private volatile ShardedTarget target;
    private volatile RuntimeException lastFailure;
    private volatile boolean closed;
    private Duration retry;

    /**
     * @param firstFailure why the target did not open at start-up
     * @param opened       runs once the target is open, before any connection is handed out
     */
    LateTarget(TargetConfig config, Supplier<ShardedTarget> opener, RuntimeException firstFailure, Duration retry, Consumer<ShardedTarget> opened) {
        this.config = config;
        this.opener = opener;
        this.opened = opened;
        this.lastFailure = firstFailure;
        this.retry = retry;
        this.routing = new Late(null);
        for (String shard : config.shardNames()) {
            shards.put(shard, new Late(shard));
        }
        this.retries = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("target-opener"));
    }

    /** Starts the background attempts (once the instance knows legacy is authoritative for every unit). */
    void start() {
        LOG.warn("the sharded target cannot be opened ({}); starting on legacy, which is authoritative for every unit: mirror writes are recorded "
                + "as intents and the target is opened in the background, then repaired", lastFailure.getMessage());
        retries.schedule(this::tryOpen, retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isOpen() {
        return target != null;
    }

    RuntimeException failure() {
        return lastFailure;
    }

    DataSource routing() {
        return routing;
    }

    Map<String, DataSource> shards() {
        return shards;
    }

    private void tryOpen() {
        if (closed) {
            return;
        }
        try {
            ShardedTarget t = opener.get();
            synchronized (this) {
                if (closed) {
                    t.close();
                    return;
                }
                opened.accept(t);
                target = t;
            }
            LOG.info("the sharded target is open now ({} shards); the background repair re-applies what was written meanwhile", config.shardNames().size());
        } catch (RuntimeException e) {
            lastFailure = e;
            retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
            LOG.warn("the sharded target still cannot be opened ({}); retrying in {} s", e.getMessage(), retry.toSeconds());
            if (!closed) {
                retries.schedule(this::tryOpen, retry.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        retries.shutdownNow();
        ShardedTarget t = target;
        if (t != null) {
            t.close();
        }
    }

    /**
     * The routing DataSource (shard null) or one shard's: the open target's, delegated to unchanged. Until
     * the target opens it refuses connections (and {@code unwrap}) with SQLState 08001, naming the cause;
     * its log-writer and login-timeout settings belong to the target's pools and are not there to set yet.
     */
    private final class Late extends DelegatingDataSource {
        private final String shard;

        Late(String shard) {
            super(null);
            this.shard = shard;
        }

        @Override
        protected DataSource delegate() {
            ShardedTarget t = target;
            if (t == null) {
                throw new IllegalStateException(notOpen().getMessage());
            }
            return shard == null ? t.dataSource() : t.shardDataSources().get(shard);
        }

        private DataSource opened() throws SQLException {
            if (target == null) {
                throw notOpen();
            }
            return delegate();
        }

        @Override
        public Connection getConnection() throws SQLException {
            return opened().getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return opened().getConnection(username, password);
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return iface != null && iface.isInstance(this) ? iface.cast(this) : opened().unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface != null && iface.isInstance(this) || target != null && delegate().isWrapperFor(iface);
        }
    }

    private SQLTransientConnectionException notOpen() {
        RuntimeException cause = lastFailure;
        return new SQLTransientConnectionException("the sharded target is not open yet (it could not be reached at start-up and is "
                + "retried in the background): " + (cause == null ? "" : cause.getMessage()), "08001", cause);
    }

    /**
     * True when {@code e} (from opening the target) says a shard could not be reached, which a later attempt
     * can get past ({@link CannotConnectException#unreachable()}: SQLState class 08), not that the
     * configuration is wrong. Refused credentials (28000, 28P01) or a missing database are not: they stop
     * start-up with the driver's message, since retrying cannot fix them.
     */
    static boolean unreachable(RuntimeException e) {
        return e instanceof CannotConnectException failure && failure.unreachable();
    }
}
