package io.shardbridge.bridge.verify;

import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.concurrent.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * How one verification pass runs, validated as it is set ({@link Builder}): each setter rejects a value
 * that cannot work, naming the setting and the fix.
 *
 * @param chunkTarget     the time one range's checksums should take; ranges grow or shrink towards it
 * @param initialChunk    rows in the first range, then sized by {@code chunkTarget} within {@code minChunk}..{@code maxChunk}
 * @param leafRows        mismatching ranges are bisected down to this many authoritative rows, then listed row by row
 * @param rangesInFlight  ranges checksummed at once
 * @param recheckAfter    the wait before a suspect is read again (zero: at once)
 * @param restart         start a fresh pass even if an interrupted one could be resumed
 * @param ranges          key ranges a new checkpointed pass is split into
 * @param lease           how long a process holds a range without a checkpoint before others may take it over
 * @param ticker          the clock and the sleeps (progress rates, rechecks, waiting for other processes' ranges)
 * @param threads         where the checksum queries' threads come from
 */
record VerifierOptions(Duration chunkTarget, int initialChunk, int minChunk, int maxChunk, int leafRows, int rangesInFlight,
                       Duration recheckAfter, boolean restart, int ranges, Duration lease, Ticker ticker, ThreadFactory threads) {

    static Builder builder() {
        return new Builder();
    }

    /** The settings of a verification; every setter validates its value. */
    static final class Builder {
        private Duration chunkTarget = Duration.ofMillis(500);
        private int initialChunk = 20_000;
        private int minChunk = 1000;
        private int maxChunk = 1_000_000;
        private int leafRows = 500;
        private int rangesInFlight = 2;
        private Duration recheckAfter = Duration.ofSeconds(2);
        private boolean restart;
        private int ranges = 1;
        private Duration lease = Duration.ofSeconds(30);
        private Ticker ticker = Ticker.system();
        private ThreadFactory threads = DaemonThreads.named("verify");

        Builder chunkRows(int rows) {
            atLeastOne("chunk rows", rows, "a fixed range size; leave it unset for ranges sized by the chunk target");
            this.initialChunk = rows;
            this.minChunk = rows;
            this.maxChunk = rows;
            return this;
        }

        Builder chunkTarget(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("verification chunk target must be positive, was " + value
                        + " (the time one range's checksums should take, 500 ms by default)");
            }
            this.chunkTarget = value;
            return this;
        }

        Builder leafRows(int rows) {
            this.leafRows = atLeastOne("leaf rows", rows, "500 by default");
            return this;
        }

        Builder rangesInFlight(int count) {
            this.rangesInFlight = atLeastOne("ranges in flight", count, "2 by default: one per core of a small database server");
            return this;
        }

        Builder recheckAfter(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("verification recheck wait must be zero or more, was " + value
                        + " (2 s by default; zero reads differences again at once)");
            }
            this.recheckAfter = value;
            return this;
        }

        Builder restart(boolean value) {
            this.restart = value;
            return this;
        }

        Builder ranges(int count) {
            this.ranges = atLeastOne("ranges", count, "1 by default; more to share a pass with verifications in other processes");
            return this;
        }

        Builder lease(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("verification lease must be positive, was " + value
                        + " (how long a process holds a key range between checkpoints, 30 s by default)");
            }
            this.lease = value;
            return this;
        }

        Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "verification ticker: pass Ticker.system() for the JVM's clock");
            return this;
        }

        Builder threads(ThreadFactory value) {
            this.threads = Objects.requireNonNull(value, "verification threads: pass DaemonThreads.named(\"verify\")");
            return this;
        }

        VerifierOptions build() {
            return new VerifierOptions(chunkTarget, initialChunk, minChunk, maxChunk, leafRows, rangesInFlight, recheckAfter, restart, ranges,
                    lease, ticker, threads);
        }

        private static int atLeastOne(String setting, int value, String meaning) {
            if (value < 1) {
                throw new IllegalArgumentException("verification " + setting + " must be at least 1, was " + value + " (" + meaning + ")");
            }
            return value;
        }
    }
}
