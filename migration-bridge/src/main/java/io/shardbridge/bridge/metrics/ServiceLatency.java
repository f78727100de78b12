package io.shardbridge.bridge.metrics;

import io.shardbridge.concurrent.Ticker;

/**
 * How slow the service's own write transactions on a unit are now, against how fast they were when
 * the database was not busy: the signal a backfill backs off on (DESIGN §6).
 *
 * <p>Two moving averages of the commit latency: a fast one (the last few transactions) and a slow one
 * (the last hundred or so). The baseline is the lowest the slow one has been since it settled, so a
 * long backfill that slows the service cannot drag its own baseline up. With no write for a while the
 * signal says nothing (ratio 1): an idle service is not slowed by anything.
 */
public final class ServiceLatency {
    private static final int SETTLE_SAMPLES = 50;
    private static final long STALE_NANOS = 5_000_000_000L;

    private final Ticker ticker;
    private long samples;
    private double fast;
    private double slow;
    private double floor = Double.MAX_VALUE;
    private long lastSample;

    public ServiceLatency(Ticker ticker) {
        this.ticker = ticker;
    }

    public synchronized void record(long nanos) {
        samples++;
        if (samples == 1) {
            fast = nanos;
            slow = nanos;
        } else {
            fast += 0.2 * (nanos - fast);
            slow += 0.02 * (nanos - slow);
        }
        if (samples >= SETTLE_SAMPLES) {
            floor = Math.min(floor, slow);
        }
        lastSample = ticker.nanoTime();
    }

    /** Current latency over the baseline: 1 when unknown, idle or as fast as ever; 3 when three times slower. */
    public synchronized double ratio() {
        return reading().ratio();
    }

    /**
     * What this instance publishes for backfills in other processes: the ratio, and the two averages it
     * comes from; {@link Reading#UNKNOWN} until settled, and after {@code 5 s} without a write.
     */
    public synchronized Reading reading() {
        if (samples < SETTLE_SAMPLES || ticker.nanoTime() - lastSample > STALE_NANOS || floor <= 0) {
            return Reading.UNKNOWN;
        }
        return new Reading(Math.max(1.0, fast / floor), Math.round(fast), Math.round(floor));
    }

    /**
     * The signal at one moment.
     *
     * @param ratio         current latency over the baseline, at least 1 (1 when unknown)
     * @param currentNanos  the recent write transactions' average commit latency (0 when unknown)
     * @param baselineNanos the lowest the long average has been since it settled (0 when unknown)
     */
    public record Reading(double ratio, long currentNanos, long baselineNanos) {
        public static final Reading UNKNOWN = new Reading(1.0, 0, 0);

        /** Whether the service wrote recently enough, and long enough, for the ratio to mean something. */
        public boolean known() {
            return baselineNanos > 0;
        }
    }
}
