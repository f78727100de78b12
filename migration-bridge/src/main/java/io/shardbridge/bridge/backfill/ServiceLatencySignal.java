package io.shardbridge.bridge.backfill;

import io.shardbridge.concurrent.Ticker;
import java.sql.SQLException;
import java.util.OptionalDouble;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The service-latency ratio a backfill throttles on ({@link LatencyThrottle}): the worst of this
 * process's own (its write transactions on the unit, when it serves any) and the ones the unit's other
 * live instances published in the control store. A backfill started from the CLI serves no traffic, so
 * the published readings are all it has; one inside an instance of the service also backs off when
 * another instance is the one slowed down. The published readings are read at most every
 * {@code refreshNanos} (shared by the backfill's workers); when they cannot be read the own signal
 * stands alone, as it did before instances published anything.
 */
public final class ServiceLatencySignal implements DoubleSupplier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServiceLatencySignal.class);
    private static final long REFRESH_NANOS = 250_000_000L;

    /** The slowest ratio the other live instances published for the unit; empty when none did. */
    @FunctionalInterface
    public interface Published {
        OptionalDouble slowest() throws SQLException;
    }

    private final DoubleSupplier own;
    private final Published published;
    private final LongSupplier clock;
    private final long refreshNanos;
    private double cached = 1.0;
    private long readAt;
    private boolean read;
    private boolean warned;

    ServiceLatencySignal(DoubleSupplier own, Published published, LongSupplier clock, long refreshNanos) {
        this.own = own;
        this.published = published;
        this.clock = clock;
        this.refreshNanos = refreshNanos;
    }

    public static ServiceLatencySignal of(DoubleSupplier own, Published published) {
        return of(own, published, Ticker.system());
    }

    /** {@link #of(DoubleSupplier, Published)} on {@code ticker}'s clock. */
    public static ServiceLatencySignal of(DoubleSupplier own, Published published, Ticker ticker) {
        return new ServiceLatencySignal(own, published, ticker::nanoTime, REFRESH_NANOS);
    }

    @Override
    public double getAsDouble() {
        return Math.max(own.getAsDouble(), published());
    }

    private synchronized double published() {
        long now = clock.getAsLong();
        if (read && now - readAt < refreshNanos) {
            return cached;
        }
        read = true;
        readAt = now;
        try {
            cached = published.slowest().orElse(1.0);
            warned = false;
        } catch (SQLException e) {
            cached = 1.0;
            if (!warned) {
                warned = true;
                LOG.warn("backfill: could not read the service latency other instances publish in the control store ({}); "
                        + "backing off on this process's own writes only until it can", e.toString());
            }
        }
        return cached;
    }
}
