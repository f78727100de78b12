package io.shardbridge.bridge.catchup;

import io.shardbridge.concurrent.Ticker;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The wait of a flip that makes the target authoritative, while every instance is fenced: until the slot's
 * confirmed position reaches the fence's WAL position (read once the fence drained, so every transaction
 * of the unit committed before the flip ends at or below it). A position is confirmed only after every
 * transaction ending there was applied ({@link SlotStream}), so reaching it means nothing written before
 * the flip is left for after it. Polls every {@link #POLL} on the injected {@link Ticker}, and gives up
 * once the timeout has passed; what a missing slot or a timeout means for the move is the caller's to say.
 */
final class FenceCatchUpWait {
    static final Duration POLL = Duration.ofMillis(20);

    /** How the wait ended. */
    enum Outcome { CAUGHT_UP, SLOT_MISSING, TIMED_OUT }

    /** How the wait ended, and the last confirmed position seen (-1: none). */
    record Result(Outcome outcome, long confirmed) {
    }

    /** The slot's confirmed position; empty when the slot does not exist. */
    @FunctionalInterface
    interface ConfirmedPosition {
        OptionalLong read() throws SQLException;
    }

    private FenceCatchUpWait() {
    }

    static Result await(ConfirmedPosition position, long fence, Duration timeout, Ticker ticker) throws SQLException {
        long deadline = ticker.nanoTime() + timeout.toNanos();
        long confirmed = -1;
        while (true) {
            OptionalLong read = position.read();
            if (read.isEmpty()) {
                return new Result(Outcome.SLOT_MISSING, confirmed);
            }
            confirmed = read.getAsLong();
            if (confirmed >= fence) {
                return new Result(Outcome.CAUGHT_UP, confirmed);
            }
            if (ticker.nanoTime() - deadline > 0) {
                return new Result(Outcome.TIMED_OUT, confirmed);
            }
            try {
                ticker.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientException("interrupted while waiting for the catch-up stream", "40001", e);
            }
        }
    }

    /** A WAL position as PostgreSQL writes it ({@code 16/B374D848}); {@code ?} for none. */
    static String lsn(long value) {
        return value < 0 ? "?" : Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
