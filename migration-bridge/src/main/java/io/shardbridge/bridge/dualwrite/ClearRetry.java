package io.shardbridge.bridge.dualwrite;

import io.shardbridge.concurrent.Ticker;

/**
 * When the {@link IntentJanitor} retries clears that failed: one {@code first} delay after a failure,
 * doubling with every failure that follows, up to {@code last}; a round that clears everything starts
 * over at {@code first}. A failure while a retry is pending pushes the retry back (the database did not
 * answer a moment ago either), so a database that stays away is asked less and less often, and one that
 * comes back is asked again within {@code last}. Not thread-safe: the janitor holds its own lock.
 */
final class ClearRetry {
    private final Ticker ticker;
    private final long firstNanos;
    private final long lastNanos;
    private long delayNanos;
    private long retryAt;

    ClearRetry(Ticker ticker, long firstNanos, long lastNanos) {
        this.ticker = ticker;
        this.firstNanos = firstNanos;
        this.lastNanos = lastNanos;
        this.delayNanos = firstNanos;
    }

    /** Whether the failed clears are due for their retry now. */
    boolean due() {
        return ticker.nanoTime() - retryAt >= 0;
    }

    /** A clear failed: the next retry comes after the current delay, and the delay doubles. */
    void failed() {
        retryAt = ticker.nanoTime() + delayNanos;
        delayNanos = Math.min(lastNanos, delayNanos * 2);
    }

    /** Nothing is left to retry: the next failure waits only {@code first} again. */
    void cleared() {
        delayNanos = firstNanos;
    }
}
