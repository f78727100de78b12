package io.shardbridge.concurrent;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when told: {@link #advance} moves both clocks, and {@link #sleepNanos}
 * advances by the requested time and returns at once, so code that waits runs at full speed while still
 * seeing time pass. A {@link #waitNanos timed monitor wait} does the same: nothing notifies it within a
 * time that passes at once, so it returns as a wait that ran to its end (the caller's loop then sees
 * either its condition, changed by another thread meanwhile, or its deadline passed). For tests of timed decisions (leases, cool-downs, back-off, deadlines); it is in main
 * code so that every module's tests, and a service's own, can use it.
 *
 * <p>Thread-safe: the clock is one atomic counter. A sleep by one thread advances the clock every thread
 * reads, as a real sleep lets real time pass for all.
 */
public final class ManualTicker implements Ticker {

    private static final long START_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, a fixed origin

    /**
     * Where {@link #nanoTime} starts: not 0, because code may keep 0 as "no time set" (as {@code System.nanoTime}
     * practically never returns it), and a test on a clock that starts there would see that case by accident.
     */
    private static final long ORIGIN_NANOS = 1_000_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(ORIGIN_NANOS);
    private final AtomicLong slept = new AtomicLong();

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long currentTimeMillis() {
        return START_MILLIS + (nanos.get() - ORIGIN_NANOS) / 1_000_000L;
    }

    @Override
    public void sleepNanos(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while sleeping on a ManualTicker");
        }
        if (nanos > 0) {
            slept.addAndGet(nanos);
            this.nanos.addAndGet(nanos);
        }
    }

    @Override
    public void waitNanos(Object monitor, long nanos) throws InterruptedException {
        if (!Thread.holdsLock(monitor)) {
            throw new IllegalMonitorStateException("waitNanos needs the monitor's lock, as Object.wait does");
        }
        sleepNanos(nanos);
    }

    /** Moves the clock forward by {@code duration}; returns this ticker. */
    public ManualTicker advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward; got " + duration);
        }
        nanos.addAndGet(duration.toNanos());
        return this;
    }

    /** The total time callers have slept or waited on this ticker, for asserting on back-off and timeouts. */
    public Duration slept() {
        return Duration.ofNanos(slept.get());
    }
}
