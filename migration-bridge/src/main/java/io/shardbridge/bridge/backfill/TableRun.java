package io.shardbridge.bridge.backfill;

import io.shardbridge.bridge.lease.ClaimLoop;
import io.shardbridge.bridge.row.ChunkSizer;
import io.shardbridge.bridge.row.KeyCodec;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.schema.TableDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import javax.sql.DataSource;

/**
 * One table's copy by one backfill run (DESIGN §6): {@link BackfillOptions#workers} threads, each taking
 * key ranges by lease ({@link BackfillCheckpoints}, {@link ClaimLoop}) until none is free, copying a
 * range chunk by chunk ({@link ChunkCopy}) and saving the range's checkpoint after each chunk.
 *
 * <p>Why no row is skipped: a range's checkpoint moves only after its chunk committed on both sides,
 * and the next chunk starts after it; a worker whose save is refused lost the range to another after
 * its lease ran out, and stops there — the new holder resumes from the last saved key, so the chunk
 * is at worst copied twice (upserts by key). Ranges other processes hold are theirs: the run reports
 * the table unfinished and leaves them, rather than wait.
 *
 * <p>Between chunks a worker pauses while the service's write latency is above the back-off factor
 * ({@link LatencyThrottle}), and after a chunk that found a row locked ({@link LockContention}); every
 * pause is a sleep on the run's {@link io.shardbridge.concurrent.Ticker}.
 */
final class TableRun {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TableRun.class);

    /** What every table of one backfill run shares. */
    record Crew(DualWriteUnit unit, BackfillOptions options, BackfillCheckpoints checkpoints, ChunkCopy chunks, DoubleSupplier latency,
                String workerId) {
    }

    /** The table and the two sides: copied from {@code source} (authoritative, {@code from}) into {@code mirror} ({@code into}). */
    record Sides(TableDefinition table, Side from, Side into, DataSource source, Dialect sourceDialect, DataSource mirror, Dialect mirrorDialect) {
    }

    private final Crew crew;
    private final BackfillOptions options;
    private final Sides sides;
    private final TableDefinition table;
    private final Backfill.Listener listener;
    private final long estimated;
    private final LatencyThrottle throttle;
    private final AtomicLong total;
    private final AtomicLong copied = new AtomicLong();
    private final AtomicLong throttledNanos = new AtomicLong();
    private final long started;
    private volatile boolean stopping;

    /** @param done rows the table's ranges had copied before this run; {@code estimated} the source's row estimate */
    TableRun(Crew crew, Sides sides, Backfill.Listener listener, long done, long estimated) {
        this.crew = crew;
        this.options = crew.options();
        this.sides = sides;
        this.table = sides.table();
        this.listener = listener;
        this.estimated = estimated;
        this.throttle = new LatencyThrottle(options.latencyBackoff(), options.maxPause(), options.chunkTarget());
        this.total = new AtomicLong(done);
        this.started = options.ticker().nanoTime();
    }

    /** Rows this run copied of the table. */
    long copied() {
        return copied.get();
    }

    /** Copies every range free for this run's workers; returns when none is left, or throws the first worker's failure. */
    void start() throws SQLException {
        if (options.workers() == 1) {
            work();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(options.workers(), options.threads());
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 0; i < options.workers(); i++) {
                running.add(pool.submit(() -> {
                    work();
                    return null;
                }));
            }
            SQLException first = null;
            for (Future<Void> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    stopping = true;
                    if (first == null) {
                        first = e.getCause() instanceof SQLException sql ? sql : new SQLException("backfill of " + table.name() + " failed: "
                                + e.getCause(), "58000", e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                    throw interrupted(e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One worker: claim a range, copy it chunk by chunk, repeat while a range is free. */
    private void work() throws SQLException {
        String owner = crew.workerId() + "/" + Thread.currentThread().getId();
        ClaimLoop.Claims<BackfillCheckpoints.Range> claims = crew.checkpoints().claimedBy(crew.unit().state().name(), table.name(), sides.into(),
                owner, options.lease());
        new ClaimLoop<>(claims, options.ticker(), Duration.ZERO).workWhileFree(range -> copyRange(range, owner), () -> stopping);
    }

    private void copyRange(BackfillCheckpoints.Range range, String owner) throws SQLException {
        String name = crew.unit().state().name();
        ChunkSizer sizer = new ChunkSizer(options.ticker(), options.chunkTarget(), options.initialChunk(), 10, 50_000);
        LockContention contention = new LockContention(options.lockRetries(), options.maxPause());
        StaleRows stale = new StaleRows(crew.unit(), table, sides.from(), sides.source(), sides.sourceDialect(), sides.mirror(),
                sides.mirrorDialect(), options.ticker());
        RowImage lastKey = range.resumeAfter() == null ? null : KeyCodec.decode(table, range.resumeAfter());
        RowImage end = range.end() == null ? null : KeyCodec.decode(table, range.end());
        long rowsInRange = range.rowsCopied();
        while (!stopping) {
            pauseWhileTheServiceIsSlow();
            long chunkStarted = sizer.chunkStarts();
            int limit = sizer.size();
            List<RowImage> rows;
            try {
                rows = crew.chunks().copy(sides.source(), sides.sourceDialect(), table, sides.from(), lastKey, end, limit);
                RowImage covered = rows.size() < limit || rows.isEmpty() ? end : rows.get(rows.size() - 1).project(table.primaryKey());
                crew.chunks().prune(stale, table, sides.from(), lastKey, covered, rows);
                contention.succeeded();
            } catch (SQLException e) {
                if (!LockContention.isLockNotAvailable(e)) {
                    throw e;
                }
                sizer.contended();
                pause(contention.failed(e, table.name(), range.number()));
                continue;
            }
            boolean done = rows.size() < limit;
            if (!rows.isEmpty()) {
                lastKey = rows.get(rows.size() - 1).project(table.primaryKey());
            }
            rowsInRange += rows.size();
            if (!crew.checkpoints().save(name, table.name(), sides.into(), range.number(), owner, lastKey == null ? null : KeyCodec.encode(lastKey),
                    rowsInRange, done, options.lease())) {
                LOG.warn("backfill of {}.{}: range {} was taken over by another worker after this one's lease ran out; leaving it to that worker",
                        name, table.name(), range.number());
                return;
            }
            sizer.observedSince(rows.size(), chunkStarted);
            reportChunk(rows.size());
            if (done) {
                return;
            }
        }
    }

    /** Backs off while the service's write latency is above the back-off factor times its baseline (DESIGN §6). */
    private void pauseWhileTheServiceIsSlow() throws SQLException {
        long nanos = throttle.pauseNanos(crew.latency().getAsDouble());
        if (nanos > 0) {
            pause(nanos);
        }
    }

    private void pause(long nanos) throws SQLException {
        try {
            options.ticker().sleepNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
        throttledNanos.addAndGet(nanos);
        crew.unit().meters().backfillThrottled(nanos);
    }

    private void reportChunk(int rows) throws SQLException {
        long now = total.addAndGet(rows);
        long mine = copied.addAndGet(rows);
        double seconds = Math.max(1e-9, options.ticker().nanosSince(started) / 1e9);
        double rate = mine / seconds;
        long left = Math.max(0, estimated - now);
        Backfill.Progress progress = new Backfill.Progress(crew.unit().state().name(), table.name(), now, Math.max(estimated, now), rate,
                Duration.ofMillis(rate > 0 ? (long) (left / rate * 1000) : 0), Duration.ofNanos(throttledNanos.get()));
        crew.unit().meters().backfillProgress(table.name(), now, rate);
        synchronized (this) {
            try {
                listener.chunkCommitted(progress);
            } catch (Exception e) {
                stopping = true;
                throw new SQLException("backfill of " + table.name() + " stopped by its listener after " + now
                        + " rows; run it again to resume from the last chunk", "57014", e);
            }
        }
    }

    private SQLException interrupted(InterruptedException e) {
        return new SQLException("backfill of " + table.name() + " interrupted; its progress is saved", "57014", e);
    }
}
