package io.shardbridge.bridge.control;

import io.shardbridge.concurrent.Ticker;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;

/**
 * The coordinator's waits on the control store (every live instance fenced, every one converged): check,
 * and while the check fails and the timeout has not passed, pause {@code every} and check again. The
 * check always runs at least once and the clock is read after it, so a check that held when the time ran
 * out still counts, and one that took long itself is not repeated past the deadline.
 */
final class Polling {
    /** One look at the store. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws SQLException;
    }

    private final Ticker ticker;
    private final long everyNanos;

    Polling(Ticker ticker, Duration every) {
        this.ticker = ticker;
        this.everyNanos = every.toNanos();
    }

    /** True as soon as {@code check} holds; false when it still did not once {@code timeout} had passed. */
    boolean until(Duration timeout, Check check) throws SQLException {
        long deadline = ticker.nanoTime() + timeout.toNanos();
        while (true) {
            if (check.holds()) {
                return true;
            }
            if (ticker.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                ticker.sleepNanos(everyNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientException("interrupted while moving a migration unit", "40001", e);
            }
        }
    }
}
