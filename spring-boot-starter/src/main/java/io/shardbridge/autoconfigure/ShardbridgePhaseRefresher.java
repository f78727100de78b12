package io.shardbridge.autoconfigure;

import io.shardbridge.bridge.jdbc.Bridge;
import io.shardbridge.concurrent.DaemonThreads;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Picks up changed phase flags without a restart: every {@code shardbridge.refresh-ms} the properties
 * are read again from the environment (a config server, a refreshed property source). A flag that
 * <em>changed</em> (since this instance last saw it, or, at start-up, since the flag last recorded in the
 * control store) requests a move, and the unit is moved one step per round toward it through the same
 * coordinated, gated move as everywhere else, until it gets there. An unchanged flag requests nothing, so a
 * move made with the actuator or the CLI stays. A refused move (say, SHADOW before the backfill) is logged
 * once and retried on the next round.
 */
public final class ShardbridgePhaseRefresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardbridgePhaseRefresher.class);

    private final Bridge bridge;
    private final ConfigurableEnvironment environment;
    private final long intervalMillis;
    private final ThreadFactory threads;
    private ScheduledExecutorService scheduler;
    private String lastRefusal;

    public ShardbridgePhaseRefresher(Bridge bridge, ConfigurableEnvironment environment, long intervalMillis) {
        this(bridge, environment, intervalMillis, DaemonThreads.named("phase-refresh"));
    }

    /** @param threads makes the one thread the rounds run on */
    public ShardbridgePhaseRefresher(Bridge bridge, ConfigurableEnvironment environment, long intervalMillis, ThreadFactory threads) {
        this.threads = threads;
        this.bridge = bridge;
        this.environment = environment;
        this.intervalMillis = intervalMillis;
    }

    public ShardbridgePhaseRefresher start() {
        if (intervalMillis > 0) {
            refreshQuietly(); // takes note of the flags as they are at start-up: later rounds act on changes only
            scheduler = Executors.newSingleThreadScheduledExecutor(threads);
            scheduler.scheduleWithFixedDelay(this::refreshQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Reads the flags now; units whose flag changed move one step toward it. */
    public void refresh() throws java.sql.SQLException {
        bridge.followPhaseFlags(ShardbridgePropertyTree.config(environment));
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
