package io.shardbridge.bridge.unit;

import io.shardbridge.concurrent.Ticker;
import java.time.Duration;

/**
 * A circuit breaker on one unit's mirror calls (DESIGN §5.3: a slow or dead target must not hold the
 * service's threads and connections). After {@code threshold} consecutive failures it opens and the
 * mirror is skipped — the writes stay in the intent table for the repairer — until {@code openFor}
 * has passed; then one trial call is let through: success closes it, failure opens it again.
 */
public final class MirrorCircuit {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long openForNanos;
    private final Ticker ticker;
    private int consecutiveFailures;
    private long openUntil;
    private State state = State.CLOSED;

    public MirrorCircuit(int threshold, Duration openFor, Ticker ticker) {
        this.threshold = threshold;
        this.openForNanos = openFor.toNanos();
        this.ticker = ticker;
    }

    /** True when a mirror call may be made now. */
    public synchronized boolean allow() {
        if (state == State.OPEN && ticker.nanoTime() - openUntil >= 0) {
            state = State.HALF_OPEN;
            return true;
        }
        return state == State.CLOSED;
    }

    /**
     * True while the breaker is open and its trial call is not yet due. Unlike {@link #allow()} it only
     * looks: a caller that does not report the call's outcome (the background repair) must not take the
     * trial, or the breaker would stay half-open, skipping every mirror write, with no trial left to close it.
     */
    public synchronized boolean isOpen() {
        return state == State.OPEN && ticker.nanoTime() - openUntil < 0;
    }

    public synchronized void success() {
        consecutiveFailures = 0;
        state = State.CLOSED;
    }

    public synchronized void failure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openUntil = ticker.nanoTime() + openForNanos;
        }
    }

    public synchronized State state() {
        return state;
    }
}
