package io.shardbridge.bridge.unit;

import io.shardbridge.concurrent.Ticker;

/**
 * Lets transactions of one unit run concurrently and lets a phase move wait until none is running.
 * A transaction {@link #enter enters} when it first touches the unit and {@link #exit exits} when it
 * ends, possibly on another thread (a read-write lock would tie the release to the acquiring thread).
 * While a move holds the fence {@link #close closed}, new transactions wait for it to open; the move
 * gives up, and reopens the fence, when in-flight transactions do not drain within its timeout.
 */
final class PhaseFence {
    private final Ticker ticker;
    private int active;
    private boolean closed;

    PhaseFence(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Waits while the fence is closed; false when {@code timeoutNanos} passed first. */
    synchronized boolean enter(long timeoutNanos) throws InterruptedException {
        long deadline = ticker.nanoTime() + timeoutNanos;
        while (closed) {
            long left = deadline - ticker.nanoTime();
            if (left <= 0) {
                return false;
            }
            ticker.waitNanos(this, left);
        }
        active++;
        return true;
    }

    synchronized void exit() {
        active--;
        if (active == 0) {
            notifyAll();
        }
    }

    /** Closes the fence and waits for in-flight transactions to drain; on timeout reopens it and returns false. */
    synchronized boolean close(long timeoutNanos) throws InterruptedException {
        closed = true;
        long deadline = ticker.nanoTime() + timeoutNanos;
        while (active > 0) {
            long left = deadline - ticker.nanoTime();
            if (left <= 0) {
                open();
                return false;
            }
            ticker.waitNanos(this, left);
        }
        return true;
    }

    synchronized void open() {
        closed = false;
        notifyAll();
    }

    synchronized int active() {
        return active;
    }
}
