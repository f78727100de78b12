package io.shardbridge.bridge.backfill;

import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * How one backfill runs, validated as it is set ({@link Builder}): each setter rejects a value that
 * cannot work, and a setting that conflicts with one set before, naming both and the fix.
 *
 * @param workers        threads copying key ranges at once in this process
 * @param ranges         key ranges a new backfill's tables are split into (at least {@code workers})
 * @param chunkTarget    the time one chunk should take; the chunk size adapts to it
 * @param initialChunk   rows in the first chunk of a range
 * @param restart        copy every row again, ignoring saved checkpoints
 * @param latencyBackoff pause while the service's latency is above this many times its baseline
 * @param maxPause       the longest single pause (for the service's latency or a locked row)
 * @param lockRetries    chunks in a row that may find a row locked before the backfill stops
 * @param lease          how long a worker holds a key range without a checkpoint before others may take it over
 * @param ticker         the clock and the sleeps (progress rates, pauses)
 * @param threads        where the workers' threads come from
 */
record BackfillOptions(int workers, int ranges, Duration chunkTarget, int initialChunk, boolean restart, double latencyBackoff,
                       Duration maxPause, int lockRetries, Duration lease, Ticker ticker, ThreadFactory threads) {

    static Builder builder() {
        return new Builder();
    }

    /** The settings of a backfill; every setter validates its value and its conflicts with the settings made before it. */
    static final class Builder {
        private int workers = 1;
        private int ranges; // 0: one per worker
        private Duration chunkTarget = Duration.ofMillis(500);
        private int initialChunk = 1000;
        private boolean restart;
        private double latencyBackoff = 2.0;
        private Duration maxPause = Duration.ofSeconds(2);
        private int lockRetries = 200;
        private Duration lease = Duration.ofSeconds(30);
        private Ticker ticker = Ticker.system();
        private ThreadFactory threads = DaemonThreads.named("backfill");

        Builder workers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("backfill workers must be at least 1, was " + count + "; use 1 for a single-threaded copy");
            }
            if (ranges != 0 && ranges < count) {
                throw new IllegalArgumentException("backfill workers (" + count + ") exceed its key ranges (" + ranges + "), set before: each "
                        + "worker copies a range of its own, so " + (count - ranges) + " would have nothing to do. Set ranges to at least "
                        + count + ", or use at most " + ranges + " workers");
            }
            this.workers = count;
            return this;
        }

        Builder ranges(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("backfill ranges must be at least 1, was " + count + "; leave it unset for one range per worker");
            }
            if (count < workers) {
                throw new IllegalArgumentException("backfill ranges (" + count + ") are fewer than its workers (" + workers + "), set before: each "
                        + "worker copies a range of its own, so " + (workers - count) + " would have nothing to do. Set ranges to at least "
                        + workers + ", or use at most " + count + " workers");
            }
            this.ranges = count;
            return this;
        }

        Builder chunkTarget(Duration value) {
            this.chunkTarget = positive("chunk target", value, "the time one chunk should take, 500 ms by default");
            return this;
        }

        Builder initialChunk(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("backfill initial chunk must be at least 1 row, was " + rows + " (default 1000)");
            }
            this.initialChunk = rows;
            return this;
        }

        Builder restart(boolean value) {
            this.restart = value;
            return this;
        }

        Builder latencyBackoff(double factor, Duration maxPause) {
            if (!(factor >= 1)) {
                throw new IllegalArgumentException("backfill latency backoff factor must be at least 1 (the service's latency over its "
                        + "baseline), was " + factor + "; 2.0 by default, higher to pause less");
            }
            this.maxPause = positive("longest pause", maxPause, "the most one pause for the service may last, 2 s by default");
            this.latencyBackoff = factor;
            return this;
        }

        Builder lockRetries(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("backfill lock retries must be at least 0, was " + count + " (default 200)");
            }
            this.lockRetries = count;
            return this;
        }

        Builder lease(Duration value) {
            this.lease = positive("lease", value, "how long a worker holds a key range between checkpoints, 30 s by default");
            return this;
        }

        Builder ticker(Ticker value) {
            this.ticker = java.util.Objects.requireNonNull(value, "backfill ticker: pass Ticker.system() for the JVM's clock");
            return this;
        }

        Builder threads(ThreadFactory value) {
            this.threads = java.util.Objects.requireNonNull(value, "backfill threads: pass DaemonThreads.named(\"backfill\")");
            return this;
        }

        BackfillOptions build() {
            return new BackfillOptions(workers, ranges == 0 ? workers : ranges, chunkTarget, initialChunk, restart, latencyBackoff, maxPause,
                    lockRetries, lease, ticker, threads);
        }

        private static Duration positive(String setting, Duration value, String meaning) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("backfill " + setting + " must be positive, was " + value + " (" + meaning + ")");
            }
            return value;
        }
    }
}
