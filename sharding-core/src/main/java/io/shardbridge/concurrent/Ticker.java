package io.shardbridge.concurrent;

import java.time.Duration;

/**
 * The source of time for every timed decision in shardbridge: elapsed nanoseconds, the wall clock, and
 * waiting. Production code takes a {@code Ticker} instead of calling {@code System.nanoTime()} or
 * {@code Thread.sleep}, so a test can hand it a {@link ManualTicker} and drive time itself.
 *
 * <p>{@link #sleep} belongs here and not on an executor because the decisions that wait (a lease's
 * renewal, a back-off, a drain's deadline) are the same ones that read the clock: a fake clock has to
 * see the waits to stay consistent with them.
 */
public interface Ticker {

    /** Elapsed time in nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();

    /** The wall clock in milliseconds since the epoch (for timestamps that leave the process). */
    long currentTimeMillis();

    /**
     * Waits for {@code nanos}; returns at once for zero or less.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleepNanos(long nanos) throws InterruptedException;

    /**
     * Waits on {@code monitor}, whose lock the caller holds, until it is notified or {@code nanos} passed
     * (as {@link java.util.concurrent.TimeUnit#timedWait}); returns at once for zero or less. Like any
     * monitor wait it may return early, so callers re-check their condition and this ticker's clock in a
     * loop. It is on the ticker because the deadline it waits for is read from the same clock.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void waitNanos(Object monitor, long nanos) throws InterruptedException;

    default void sleep(Duration duration) throws InterruptedException {
        sleepNanos(duration.toNanos());
    }

    /** The JVM's clocks and {@link Thread#sleep}. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }

    /** Nanoseconds elapsed since {@code startNanos}, a value this ticker returned. */
    default long nanosSince(long startNanos) {
        return nanoTime() - startNanos;
    }
}
