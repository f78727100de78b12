package io.shardbridge.autoconfigure;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Picks up changed phase flags without a restart: every {@code shardbridge.refresh-ms} the properties
 * are read again from the environment (a config server, a refreshed property source) and each unit whose
 * flag differs from its recorded phase is moved one step toward it — through the same coordinated,
 * gated move as everywhere else. A refused move (say, SHADOW before the backfill) is logged once and
 * retried on the next round.
 */
public final class ShardbridgePhaseRefresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardbridgePhaseRefresher.class);

    private final BridgeDataSource dataSource;
    private final ConfigurableEnvironment environment;
    private final long intervalMillis;
    private ScheduledExecutorService scheduler;
    private String lastRefusal;

    public ShardbridgePhaseRefresher(BridgeDataSource dataSource, ConfigurableEnvironment environment, long intervalMillis) {
        this.dataSource = dataSource;
        this.environment = environment;
        this.intervalMillis = intervalMillis;
    }

    public ShardbridgePhaseRefresher start() {
        if (intervalMillis > 0) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "shardbridge-phase-refresh");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::refreshQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Reads the flags now and requests the moves they ask for (one step per unit). */
    public void refresh() throws java.sql.SQLException {
        dataSource.applyDesiredPhases(ShardbridgePropertyTree.config(environment));
        lastRefusal = null;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (java.sql.SQLException | RuntimeException e) {
            if (!String.valueOf(e.getMessage()).equals(lastRefusal)) {
                LOG.warn("shardbridge: the configured phase is not reachable yet: {}", e.getMessage());
                lastRefusal = String.valueOf(e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
