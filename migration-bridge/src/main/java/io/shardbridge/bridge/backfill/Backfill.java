package io.shardbridge.bridge.backfill;

import io.shardbridge.bridge.row.ChunkSizer;
import io.shardbridge.bridge.row.KeyBound;
import io.shardbridge.bridge.row.RoutedNames;
import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.row.KeyCodec;
import io.shardbridge.bridge.mirror.MirrorTransaction;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Copies the rows a unit's mirror does not have yet (DESIGN §6): keyset chunks in primary-key order
 * from the authoritative side, each read {@code FOR SHARE} (FOR UPDATE on MySQL) inside a transaction,
 * written to the mirror as upserts by key, the mirror committed, and only then the source released.
 *
 * <p>Why a backfill can never overwrite a newer mirrored row with an older image: while the chunk is
 * on its way the source rows are share-locked, so a dual-writer of one of them waits until the chunk's
 * mirror transaction has committed, and its own mirror write lands after. A dual-writer that changed a
 * row before the chunk read it had committed on the source (the read waits for it), and its mirror row
 * lock is held until its mirror commit, so the chunk's upsert of that row waits for it and then writes
 * the same or a newer image. Rows inserted, changed or deleted after their chunk are dual-written. A
 * checkpoint is saved after each chunk commits, so a restarted backfill resumes with no gap.
 */
public final class Backfill {
    /** Where a running backfill stands, after each chunk. */
    /** @param throttled how long this run has paused so far because the service's latency rose */
    public record Progress(String unit, String table, long rowsCopied, long rowsEstimated, double rowsPerSecond, Duration eta, Duration throttled) {
    }

    /** Told after each committed chunk; throwing stops the backfill there (its checkpoint is saved). */
    @FunctionalInterface
    public interface Listener {
        void chunkCommitted(Progress progress) throws Exception;
    }

    /**
     * What a backfill run copied.
     *
     * @param unfinishedTables tables with key ranges still held by other workers (empty when the unit is fully copied)
     * @param vacuum           tables on the side copied into whose dead row versions now dominate (the pass upserted rows the
     *                         mirror held), which the operator should vacuum before verifying
     */
    public record Result(String unit, Side into, Map<String, Long> rowsCopiedByTable, List<String> unfinishedTables, Duration took,
                         List<io.shardbridge.bridge.verify.VacuumAdvice> vacuum) {
        public long rowsCopied() {
            return rowsCopiedByTable.values().stream().mapToLong(Long::longValue).sum();
        }

        public boolean complete() {
            return unfinishedTables.isEmpty();
        }
    }

    /** Where one table's backfill stands in the control store (for status displays). */
    public record TableStatus(String table, Side into, int rangesDone, int ranges, long rowsCopied, java.time.Instant updatedAt, int rangesLeased,
                              java.time.Instant startedAt) {
        public boolean done() {
            return rangesDone == ranges;
        }
    }

    /** Forgets a unit's backfill progress into {@code into}: that side began receiving writes anew, so it must be backfilled anew. */
    public static void forget(DataSource control, String unit, Side into) throws SQLException {
        new BackfillCheckpoints(control).resetDirection(unit, into);
        io.shardbridge.bridge.verify.Verifier.forget(control, unit); // a half-done pass compared the mirror as it was before
    }

    /** The saved progress of every table of a unit's backfills. */
    public static List<TableStatus> status(DataSource control, String unit) throws SQLException {
        return new BackfillCheckpoints(control).status(unit);
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Backfill.class);

    private final DualWriteUnit unit;
    private final DataSource legacy;
    private final DataSource target;
    private final Dialect targetDialect;
    private final BackfillCheckpoints checkpoints;
    private Duration chunkTarget = Duration.ofMillis(500);
    private int initialChunk = 1000;
    private boolean restart;
    private int workers = 1;
    private int ranges = 1;
    private final Duration lease = Duration.ofSeconds(30);
    private double latencyBackoff = 2.0;
    private Duration maxPause = Duration.ofSeconds(2);
    private java.util.function.DoubleSupplier latency;
    private int lockRetries = 200;
    private final String workerId = java.util.UUID.randomUUID().toString().substring(0, 8) + "@" + processName();
    private final List<String> unfinished = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Key ranges whose stale rows a foreign key kept on the mirror until the referencing tables were copied. */
    private final List<DeferredPrune> deferredPrunes = java.util.Collections.synchronizedList(new ArrayList<>());

    private record DeferredPrune(StaleRows stale, RowImage lower, RowImage upper) {
    }

    public Backfill(DualWriteUnit unit, DataSource legacy, DataSource targetRouting, Dialect targetDialect, DataSource control) {
        this.unit = unit;
        this.legacy = legacy;
        this.target = targetRouting;
        this.targetDialect = targetDialect;
        this.checkpoints = new BackfillCheckpoints(control);
        this.latency = unit.meters().serviceLatency()::ratio;
    }

    /**
     * Copy with this many threads (default 1). A new backfill splits each table into {@code max(workers,
     * ranges)} key ranges, which threads here — and backfills of the same unit in other processes —
     * take by lease.
     */
    public Backfill workers(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + count);
        }
        this.workers = count;
        this.ranges = Math.max(ranges, count);
        return this;
    }

    /** Split a new backfill's tables into this many key ranges (default: one per worker), for workers in other processes to share. */
    public Backfill ranges(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("ranges must be at least 1, was " + count);
        }
        this.ranges = count;
        return this;
    }

    /**
     * Pause between chunks while the service's write latency on this unit is more than {@code factor}
     * times its baseline (default 2.0), each pause at most {@code maxPause} (default 2 s).
     */
    public Backfill latencyBackoff(double factor, Duration maxPause) {
        if (factor < 1) {
            throw new IllegalArgumentException("latency backoff factor must be at least 1, was " + factor);
        }
        this.latencyBackoff = factor;
        this.maxPause = maxPause;
        return this;
    }

    /**
     * Where the latency signal comes from, as current / baseline (default: this process's own write
     * transactions on the unit; a backfill from {@code BridgeDataSource#backfill} also reads what the
     * unit's other live instances publish, {@link ServiceLatencySignal}).
     */
    public Backfill latencySignal(java.util.function.DoubleSupplier ratio) {
        this.latency = ratio;
        return this;
    }

    /**
     * How many times in a row a chunk may find a row locked by the service before the backfill stops
     * (default 200; it backs off between attempts, up to the latency back-off's longest pause).
     */
    public Backfill lockRetries(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("lock retries must be at least 0, was " + count);
        }
        this.lockRetries = count;
        return this;
    }

    private static String processName() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    }

    /** How long one chunk should take (default 0.5 s); the chunk size adapts to it. */
    public Backfill chunkTarget(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("chunk target must be positive, was " + value);
        }
        this.chunkTarget = value;
        return this;
    }

    /** Rows in the first chunk (default 1000). */
    public Backfill initialChunk(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("initial chunk must be at least 1 row, was " + rows);
        }
        this.initialChunk = rows;
        return this;
    }

    /** Ignore saved checkpoints and copy every row again (default: resume). */
    public Backfill restart(boolean value) {
        this.restart = value;
        return this;
    }

    private io.shardbridge.bridge.verify.DeadTuples deadTuples;

    /** Where to look, after the run, for tables the pass left full of dead row versions (none by default). */
    public Backfill deadTuples(io.shardbridge.bridge.verify.DeadTuples value) {
        this.deadTuples = value;
        return this;
    }

    /** A check that must pass before the run starts (the control plane's: every live instance mirrors the unit). */
    @FunctionalInterface
    public interface Precondition {
        void check() throws SQLException;
    }

    private Precondition precondition = () -> { };

    public Backfill precondition(Precondition value) {
        this.precondition = value;
        return this;
    }

    public Result run(Listener listener) throws SQLException {
        MigrationPhase phase = unit.state().phase();
        if (!phase.mirrorsWrites()) {
            throw new SQLException("migration unit " + unit.state().name() + " is at " + phase + ": a backfill copies into the side that receives "
                    + "mirrored writes, so it runs from DUAL_WRITE to RAMP_DOWN. Move the unit to " + (phase == MigrationPhase.LEGACY_ONLY
                    ? "DUAL_WRITE" : "RAMP_DOWN") + " first, then run the backfill.", "55000");
        }
        precondition.check();
        Side from = phase.authoritative();
        Side into = from == Side.LEGACY ? Side.TARGET : Side.LEGACY;
        checkpoints.createTable();
        long started = System.nanoTime();
        unfinished.clear();
        Map<String, Long> copied = new LinkedHashMap<>();
        deferredPrunes.clear();
        for (String table : ForeignKeyOrder.parentsFirst(legacy, unit.state().tables())) {
            TableDefinition definition = unit.table(table);
            String reason = unit.state().unmirrorableReason(table);
            if (definition == null || reason != null) {
                throw new SQLException("cannot backfill table " + table + ": " + reason, "0A000");
            }
            copied.put(table, copyTable(definition, from, into, listener));
        }
        // copied parents first, so inserts satisfy legacy's foreign keys; stale rows go children first
        List<DeferredPrune> deferred = new ArrayList<>(deferredPrunes);
        java.util.Collections.reverse(deferred);
        for (DeferredPrune prune : deferred) {
            prune.stale().pruneReadingTheSource(prune.lower(), prune.upper());
        }
        List<io.shardbridge.bridge.verify.VacuumAdvice> vacuum = deadTuples == null ? List.of()
                : deadTuples.advise(unit.state().tables(), java.util.EnumSet.of(into));
        vacuum.forEach(v -> LOG.warn("backfill of unit {}: {}", unit.state().name(), v.message()));
        return new Result(unit.state().name(), into, copied, List.copyOf(unfinished), Duration.ofNanos(System.nanoTime() - started), vacuum);
    }

    private long copyTable(TableDefinition table, Side from, Side into, Listener listener) throws SQLException {
        String name = unit.state().name();
        if (restart) {
            checkpoints.reset(name, table.name(), into);
        }
        Dialect dialect = from == Side.LEGACY ? Dialect.POSTGRESQL : targetDialect;
        DataSource source = from == Side.LEGACY ? legacy : target;
        long estimated = estimateRows(source, dialect, table);
        if (checkpoints.ranges(name, table.name(), into).isEmpty()) {
            checkpoints.plan(name, table.name(), into, RangeSplit.boundaries(source, dialect, table, estimated, ranges));
        }
        List<BackfillCheckpoints.Range> planned = checkpoints.ranges(name, table.name(), into);
        if (planned.stream().allMatch(BackfillCheckpoints.Range::done)) {
            return 0;
        }
        TableRun run = new TableRun(table, from, into, source, dialect, listener,
                planned.stream().mapToLong(BackfillCheckpoints.Range::rowsCopied).sum(), estimated);
        run.start();
        List<BackfillCheckpoints.Range> after = checkpoints.ranges(name, table.name(), into);
        long elsewhere = after.stream().filter(r -> !r.done()).count();
        if (elsewhere > 0) {
            LOG.info("backfill of {}.{}: {} of {} key ranges are held by other workers; they finish them, or a later run takes them over "
                    + "once their leases ({} s) run out", name, table.name(), elsewhere, after.size(), lease.toSeconds());
            unfinished.add(table.name());
        }
        return run.copied.get();
    }

    /** One table's copy by this run: {@link #workers} threads, each taking ranges by lease until none is left. */
    private final class TableRun {
        private final TableDefinition table;
        private final Side from;
        private final Side into;
        private final DataSource source;
        private final Dialect dialect;
        private final Listener listener;
        private final long estimated;
        private final java.util.concurrent.atomic.AtomicLong total;
        private final java.util.concurrent.atomic.AtomicLong copied = new java.util.concurrent.atomic.AtomicLong();
        private final long started = System.nanoTime();
        private final java.util.concurrent.atomic.AtomicLong throttledNanos = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean stopping;

        TableRun(TableDefinition table, Side from, Side into, DataSource source, Dialect dialect, Listener listener, long done, long estimated) {
            this.table = table;
            this.from = from;
            this.into = into;
            this.source = source;
            this.dialect = dialect;
            this.listener = listener;
            this.total = new java.util.concurrent.atomic.AtomicLong(done);
            this.estimated = estimated;
        }

        void start() throws SQLException {
            if (workers == 1) {
                work();
                return;
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "shardbridge-backfill-" + table.name());
                t.setDaemon(true);
                return t;
            });
            try {
                List<java.util.concurrent.Future<Void>> running = new ArrayList<>();
                for (int i = 0; i < workers; i++) {
                    running.add(pool.submit(() -> {
                        work();
                        return null;
                    }));
                }
                SQLException first = null;
                for (java.util.concurrent.Future<Void> f : running) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        stopping = true;
                        if (first == null) {
                            first = e.getCause() instanceof SQLException sql ? sql : new SQLException("backfill of " + table.name() + " failed: "
                                    + e.getCause(), "58000", e.getCause());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        stopping = true;
                        throw new SQLException("backfill of " + table.name() + " interrupted; its progress is saved", "57014", e);
                    }
                }
                if (first != null) {
                    throw first;
                }
            } finally {
                pool.shutdownNow();
            }
        }

        /** One worker: claim a range, copy it chunk by chunk, repeat. */
        private void work() throws SQLException {
            String owner = workerId + "/" + Thread.currentThread().getId();
            String name = unit.state().name();
            while (!stopping) {
                Optional<BackfillCheckpoints.Range> claimed = checkpoints.claim(name, table.name(), into, owner, lease);
                if (claimed.isEmpty()) {
                    return;
                }
                BackfillCheckpoints.Range range = claimed.get();
                boolean finished = false;
                try {
                    copyRange(range, owner);
                    finished = true;
                } finally {
                    if (!finished) {
                        checkpoints.release(name, table.name(), into, range.number(), owner);
                    }
                }
            }
        }

        private void copyRange(BackfillCheckpoints.Range range, String owner) throws SQLException {
            String name = unit.state().name();
            ChunkSizer sizer = new ChunkSizer(chunkTarget, initialChunk, 10, 50_000);
            LockContention contention = new LockContention(lockRetries, maxPause);
            StaleRows stale = new StaleRows(unit, table, from, source, dialect, into == Side.LEGACY ? legacy : target,
                    into == Side.LEGACY ? Dialect.POSTGRESQL : targetDialect);
            RowImage lastKey = range.resumeAfter() == null ? null : KeyCodec.decode(table, range.resumeAfter());
            RowImage end = range.end() == null ? null : KeyCodec.decode(table, range.end());
            long rowsInRange = range.rowsCopied();
            while (!stopping) {
                pauseWhileTheServiceIsSlow();
                long chunkStarted = System.nanoTime();
                int limit = sizer.size();
                List<RowImage> rows;
                try {
                    rows = copyChunk(source, dialect, table, from, lastKey, end, limit);
                    RowImage covered = rows.size() < limit || rows.isEmpty() ? end : rows.get(rows.size() - 1).project(table.primaryKey());
                    pruneChunk(stale, table, from, lastKey, covered, rows);
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
                if (!checkpoints.save(name, table.name(), into, range.number(), owner, lastKey == null ? null : KeyCodec.encode(lastKey),
                        rowsInRange, done, lease)) {
                    LOG.warn("backfill of {}.{}: range {} was taken over by another worker after this one's lease ran out; leaving it to that worker",
                            name, table.name(), range.number());
                    return;
                }
                sizer.observed(rows.size(), System.nanoTime() - chunkStarted);
                reportChunk(rows.size());
                if (done) {
                    return;
                }
            }
        }

        /** Backs off while the service's write latency is above {@link #latencyBackoff} times its baseline (DESIGN §6). */
        private void pauseWhileTheServiceIsSlow() throws SQLException {
            long nanos = new LatencyThrottle(latencyBackoff, maxPause, chunkTarget).pauseNanos(latency.getAsDouble());
            if (nanos > 0) {
                pause(nanos);
            }
        }

        private void pause(long nanos) throws SQLException {
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("backfill of " + table.name() + " interrupted; its progress is saved", "57014", e);
            }
            throttledNanos.addAndGet(nanos);
            unit.meters().backfillThrottled(nanos);
        }

        private void reportChunk(int rows) throws SQLException {
            long now = total.addAndGet(rows);
            long mine = copied.addAndGet(rows);
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            double rate = mine / seconds;
            long left = Math.max(0, estimated - now);
            Progress progress = new Progress(unit.state().name(), table.name(), now, Math.max(estimated, now), rate,
                    Duration.ofMillis(rate > 0 ? (long) (left / rate * 1000) : 0), Duration.ofNanos(throttledNanos.get()));
            unit.meters().backfillProgress(table.name(), now, rate);
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
    }

    /** One chunk: read under lock after {@code lastKey}, write to the mirror, commit the mirror, then release the source. */
    private List<RowImage> copyChunk(DataSource source, Dialect dialect, TableDefinition table, Side from, RowImage lastKey, RowImage end,
                                     int limit) throws SQLException {
        // a chunk is a transaction of the unit: a phase move waits for it, and it never runs across an authority flip
        MigrationPhase phase = unit.state().enter();
        try {
            if (!phase.mirrorsWrites() || phase.authoritative() != from) {
                throw new SQLException("migration unit " + unit.state().name() + " moved to " + phase + " during the backfill of " + table.name()
                        + " from " + from.name().toLowerCase() + "; its progress is saved. Run the backfill again in a phase that mirrors writes: "
                        + "it copies from the side that is authoritative then.", "55000");
            }
            return copyChunkPinned(source, dialect, table, from, lastKey, end, limit);
        } finally {
            unit.state().exit();
        }
    }

    /** After a chunk: the mirror's rows in the range it covered that the source does not have are deleted ({@link StaleRows}). */
    private void pruneChunk(StaleRows stale, TableDefinition table, Side from, RowImage lower, RowImage upper, List<RowImage> rows)
            throws SQLException {
        MigrationPhase phase = unit.state().enter();
        try {
            if (!phase.mirrorsWrites() || phase.authoritative() != from) {
                throw new SQLException("migration unit " + unit.state().name() + " moved to " + phase + " during the backfill of " + table.name()
                        + "; its progress is saved. Run the backfill again in a phase that mirrors writes.", "55000");
            }
            int deleted;
            try {
                deleted = stale.prune(lower, upper, rows);
            } catch (SQLException e) {
                if (!"23503".equals(e.getSQLState())) {
                    throw e;
                }
                // a stale parent row still referenced by stale child rows: deleted after the children's tables (see run)
                deferredPrunes.add(new DeferredPrune(stale, lower, upper));
                return;
            }
            if (deleted > 0) {
                LOG.debug("backfill of {}: {} row(s) on the mirror that the source does not have were deleted", table.name(), deleted);
            }
        } finally {
            unit.state().exit();
        }
    }

    private List<RowImage> copyChunkPinned(DataSource source, Dialect dialect, TableDefinition table, Side from, RowImage lastKey,
                                           RowImage end, int limit) throws SQLException {
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<RowImage> rows = new ArrayList<>(limit);
                List<KeyBound> bounds = new ArrayList<>(2);
                if (lastKey != null) {
                    bounds.add(KeyBound.of(dialect, table.primaryKey(), lastKey, true));
                }
                if (end != null) {
                    bounds.add(KeyBound.of(dialect, table.primaryKey(), end, false));
                }
                try (PreparedStatement ps = c.prepareStatement(chunkSql(dialect, table, bounds, limit))) {
                    int position = 1;
                    for (KeyBound bound : bounds) {
                        position = bound.bind(ps, position, dialect, table.name());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(RowImageReader.image(rs, table, dialect));
                        }
                    }
                }
                if (!rows.isEmpty()) {
                    // no key locks: the source rows stay share-locked until this mirror commit, which orders it against dual writes
                    try (MirrorTransaction tx = unit.mirrorFor(from).beginWithoutKeyLocks()) {
                        tx.copyUpserts(rows);
                        tx.commit();
                    }
                }
                c.commit();
                return rows;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * {@code SELECT * … [WHERE key > last [AND key <= end]] ORDER BY key LIMIT n FOR SHARE NOWAIT} (FOR UPDATE on
     * MySQL): the chunk never waits for a row lock, so it is never part of a deadlock ({@link LockContention}).
     */
    static String chunkSql(Dialect dialect, TableDefinition table, List<KeyBound> bounds, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(RoutedNames.name(dialect, table.name()));
        if (!bounds.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", bounds.stream().map(KeyBound::sql).toList()));
        }
        sql.append(" ORDER BY ").append(RoutedNames.names(dialect, table.primaryKey())).append(" LIMIT ").append(limit);
        sql.append(dialect == Dialect.POSTGRESQL ? " FOR SHARE NOWAIT" : " FOR UPDATE NOWAIT");
        return sql.toString();
    }

    /** The planner's estimate on PostgreSQL (instant even on huge tables), a count elsewhere. */
    private static long estimateRows(DataSource source, Dialect dialect, TableDefinition table) throws SQLException {
        try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
            if (dialect == Dialect.POSTGRESQL && source != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
                    ps.setString(1, table.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getLong(1) > 0) {
                            return rs.getLong(1);
                        }
                    }
                } catch (SQLException e) {
                    // through the router (PostgreSQL shards) the catalog is not reachable: count instead
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) AS n FROM " + RoutedNames.name(dialect, table.name()))) { // the router merges aliased aggregates only
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
