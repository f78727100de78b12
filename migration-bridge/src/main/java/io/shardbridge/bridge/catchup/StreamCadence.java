package io.shardbridge.bridge.catchup;

import io.shardbridge.concurrent.Ticker;
import java.time.Duration;

/**
 * The catch-up stream's timed decisions, on an injected {@link Ticker}: after a failure (legacy
 * unreachable, no {@code wal_level = logical}, a slot that cannot be created yet) nothing is tried until
 * the retry delay has passed; between re-reads of the unit's phase and renewals of the lease a step only
 * reads the stream; the lease is written once a quarter of it has passed, not on every step (the holder
 * would write the control store many times a second), and always while no stream is open; an idle
 * stream asks the server for its position at most every {@link #STATUS}. Not thread-safe: the stream's
 * steps are serialized.
 */
final class StreamCadence {
    /** How long one step reads the stream before it applies what committed. */
    static final Duration READ_ROUND = Duration.ofMillis(100);
    /** How often a step re-reads the unit's phase. */
    static final Duration CHECK = Duration.ofMillis(200);
    /** How often an idle stream asks the server for its position. */
    static final Duration STATUS = Duration.ofMillis(100);
    /** After a failure: the next attempt. */
    static final Duration RETRY = Duration.ofSeconds(5);

    private final Ticker ticker;
    private final long leaseRenewNanos;
    private long retryAt;
    private long checkedAt;
    private long leaseAskedAt;
    private long leaseRenewedAt;
    private long statusAt;

    StreamCadence(Ticker ticker, Duration leaseTtl) {
        this.ticker = ticker;
        this.leaseRenewNanos = leaseTtl.toNanos() / 4;
        long now = ticker.nanoTime();
        // nothing has happened yet: a step may run, and its check, lease write and status request are all due
        this.retryAt = now;
        this.checkedAt = now - CHECK.toNanos();
        this.leaseRenewedAt = now - leaseRenewNanos;
        this.statusAt = now - STATUS.toNanos() - 1;
    }

    /** False while the retry delay after a failure runs. */
    boolean mayStep() {
        return ticker.nanoTime() - retryAt >= 0;
    }

    /** A step failed: the next one waits {@link #RETRY}. */
    void failed() {
        retryAt = ticker.nanoTime() + RETRY.toNanos();
    }

    /**
     * True when this step only reads the open stream: the phase was read less than {@link #CHECK} ago and
     * the lease renewed less than a quarter of it ago. Otherwise the step checks, and that is noted now.
     */
    boolean onlyRead(boolean streaming) {
        long now = ticker.nanoTime();
        if (streaming && now - checkedAt < CHECK.toNanos() && now - leaseRenewedAt < leaseRenewNanos) {
            return true;
        }
        checkedAt = now;
        return false;
    }

    /** Whether the lease is to be written now: always without an open stream, else once a quarter of it has passed. */
    boolean leaseDue(boolean streaming) {
        long now = ticker.nanoTime();
        if (streaming && now - leaseRenewedAt < leaseRenewNanos) {
            return false;
        }
        leaseAskedAt = now;
        return true;
    }

    /** The lease write asked for by the last {@link #leaseDue} succeeded: it counts from when it was asked. */
    void leaseRenewed() {
        leaseRenewedAt = leaseAskedAt;
    }

    /** The end of a read round that starts now. */
    long readRoundEnd() {
        return ticker.nanoTime() + READ_ROUND.toNanos();
    }

    /** Whether a read round ending at {@code end} is still on. */
    boolean before(long end) {
        return end - ticker.nanoTime() > 0;
    }

    /** Whether an idle stream asks the server for its position now (at most every {@link #STATUS}); true notes the request. */
    boolean statusDue() {
        long now = ticker.nanoTime();
        if (now - statusAt > STATUS.toNanos()) {
            statusAt = now;
            return true;
        }
        return false;
    }
}
