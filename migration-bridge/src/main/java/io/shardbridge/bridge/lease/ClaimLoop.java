package io.shardbridge.bridge.lease;

import io.shardbridge.concurrent.Ticker;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One worker's loop over a scope's leased ranges ({@link LeasedRanges}): claim a range, work on it, and
 * give it back at once when the work fails (so another worker need not wait for the lease to run out);
 * repeat while a range is free. A verification pass also needs the ranges other workers hold before it
 * can report: it waits for them, polling on its {@link Ticker}, and takes over any whose holder stopped
 * renewing — the claim returns such a range once its lease ran out.
 *
 * @param <R> the feature's view of one range
 */
public final class ClaimLoop<R> {

    /** The scope's ranges as one worker sees them (a {@link LeasedRanges} bound to a scope, an owner and a lease). */
    public interface Claims<R> {
        /** The next range this worker may work on, now leased to it; empty when none is free. */
        Optional<R> claim() throws SQLException;

        /** Gives {@code range} back before its lease runs out. */
        void release(R range) throws SQLException;

        /** True when every range of the scope is done, by whichever worker. */
        boolean allDone() throws SQLException;
    }

    /** The work on one claimed range; returning normally means the range's work ended (done, or lost to another worker). */
    @FunctionalInterface
    public interface Work<R> {
        void on(R range) throws SQLException;
    }

    private final Claims<R> claims;
    private final Ticker ticker;
    private final Duration poll;

    /** @param poll how long to wait before looking again at ranges other workers hold */
    public ClaimLoop(Claims<R> claims, Ticker ticker, Duration poll) {
        this.claims = claims;
        this.ticker = ticker;
        this.poll = poll;
    }

    /** Works on free ranges until none is left or {@code stopping} says so; ranges held by others are theirs to finish. */
    public void workWhileFree(Work<R> work, BooleanSupplier stopping) throws SQLException {
        while (!stopping.getAsBoolean()) {
            Optional<R> claimed = claims.claim();
            if (claimed.isEmpty()) {
                return;
            }
            workOn(claimed.get(), work);
        }
    }

    /** Works on free ranges, then waits for the ranges others hold, taking over those whose lease runs out, until every range is done. */
    public void workUntilAllDone(Work<R> work) throws SQLException {
        while (true) {
            Optional<R> claimed = claims.claim();
            if (claimed.isPresent()) {
                workOn(claimed.get(), work);
                continue;
            }
            if (claims.allDone()) {
                return;
            }
            try {
                ticker.sleep(poll); // ranges held by other workers: they finish them, or their leases run out
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for key ranges other workers hold; the progress is saved", "57014", e);
            }
        }
    }

    private void workOn(R range, Work<R> work) throws SQLException {
        boolean finished = false;
        try {
            work.on(range);
            finished = true;
        } finally {
            if (!finished) {
                claims.release(range);
            }
        }
    }
}
