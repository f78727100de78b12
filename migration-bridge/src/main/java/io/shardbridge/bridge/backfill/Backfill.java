package io.shardbridge.bridge.backfill;

import io.shardbridge.bridge.row.RoutedNames;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationPhase;
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
import javax.sql.DataSource;

/**
 * Copies the rows a unit's mirror does not have yet (DESIGN §6), table by table, parents first: the
 * operator's entry point. Configure it (every setter is validated as it is called, {@link
 * BackfillOptions}), then {@link #run}. Each table is copied by a {@link TableRun} — workers taking key
 * ranges by lease, throttled for the service — chunk by chunk, each chunk a {@link ChunkCopy}, which
 * says why a chunk can never overwrite a newer mirrored row with an older image.
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
    private final BackfillOptions.Builder options = BackfillOptions.builder();
    private java.util.function.DoubleSupplier latency;
    private final String workerId = java.util.UUID.randomUUID().toString().substring(0, 8) + "@" + processName();

    public Backfill(DualWriteUnit unit, DataSource legacy, DataSource targetRouting, Dialect targetDialect, DataSource control) {
        this.unit = unit;
        this.legacy = legacy;
        this.target = targetRouting;
        this.targetDialect = targetDialect;
        this.checkpoints = new BackfillCheckpoints(control);
        this.latency = unit.meters().serviceLatency()::ratio;
    }

    /**
     * Copy with this many threads (default 1). A new backfill splits each table into as many key ranges
     * as {@link #ranges} says (default: one per worker), which threads here — and backfills of the same
     * unit in other processes — take by lease.
     *
     * @throws IllegalArgumentException below 1, or above the {@link #ranges} already set
     */
    public Backfill workers(int count) {
        options.workers(count);
        return this;
    }

    /**
     * Split a new backfill's tables into this many key ranges (default: one per worker), for workers in other processes to share.
     *
     * @throws IllegalArgumentException below 1, or below the {@link #workers} already set
     */
    public Backfill ranges(int count) {
        options.ranges(count);
        return this;
    }

    /**
     * Pause between chunks while the service's write latency on this unit is more than {@code factor}
     * times its baseline (default 2.0), each pause at most {@code maxPause} (default 2 s).
     */
    public Backfill latencyBackoff(double factor, Duration maxPause) {
        options.latencyBackoff(factor, maxPause);
        return this;
    }

    /**
     * Where the latency signal comes from, as current / baseline (default: this process's own write
     * transactions on the unit; a backfill from {@code BridgeDataSource#backfill} also reads what the
     * unit's other live instances publish, {@link ServiceLatencySignal}).
     */
    public Backfill latencySignal(java.util.function.DoubleSupplier ratio) {
        this.latency = java.util.Objects.requireNonNull(ratio, "latency signal");
        return this;
    }

    /**
     * How many times in a row a chunk may find a row locked by the service before the backfill stops
     * (default 200; it backs off between attempts, up to the latency back-off's longest pause).
     */
    public Backfill lockRetries(int count) {
        options.lockRetries(count);
        return this;
    }

    /** The clock and sleeps of the run (default {@link Ticker#system()}; tests pass a {@code ManualTicker}). */
    public Backfill ticker(Ticker value) {
        options.ticker(value);
        return this;
    }

    /** Where the workers' threads come from (default {@code DaemonThreads.named("backfill")}). */
    public Backfill threads(java.util.concurrent.ThreadFactory value) {
        options.threads(value);
        return this;
    }

    private static String processName() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    }

    /** How long one chunk should take (default 0.5 s); the chunk size adapts to it. */
    public Backfill chunkTarget(Duration value) {
        options.chunkTarget(value);
        return this;
    }

    /** Rows in the first chunk (default 1000). */
    public Backfill initialChunk(int rows) {
        options.initialChunk(rows);
        return this;
    }

    /** Ignore saved checkpoints and copy every row again (default: resume). */
    public Backfill restart(boolean value) {
        options.restart(value);
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
        BackfillOptions settings = options.build();
        Side from = phase.authoritative();
        Side into = from == Side.LEGACY ? Side.TARGET : Side.LEGACY;
        checkpoints.ensureSchema();
        long started = settings.ticker().nanoTime();
        List<String> unfinished = new ArrayList<>();
        Map<String, Long> copied = new LinkedHashMap<>();
        TableRun.Crew crew = new TableRun.Crew(unit, settings, checkpoints, new ChunkCopy(unit), latency, workerId);
        for (String table : ForeignKeyOrder.parentsFirst(legacy, unit.state().tables())) {
            TableDefinition definition = unit.table(table);
            String reason = unit.state().unmirrorableReason(table);
            if (definition == null || reason != null) {
                throw new SQLException("cannot backfill table " + table + ": " + reason, "0A000");
            }
            copied.put(table, copyTable(crew, definition, from, into, listener, unfinished));
        }
        crew.chunks().pruneDeferred();
        List<io.shardbridge.bridge.verify.VacuumAdvice> vacuum = deadTuples == null ? List.of()
                : deadTuples.advise(unit.state().tables(), java.util.EnumSet.of(into));
        vacuum.forEach(v -> LOG.warn("backfill of unit {}: {}", unit.state().name(), v.message()));
        return new Result(unit.state().name(), into, copied, List.copyOf(unfinished), Duration.ofNanos(settings.ticker().nanosSince(started)), vacuum);
    }

    private long copyTable(TableRun.Crew crew, TableDefinition table, Side from, Side into, Listener listener, List<String> unfinished)
            throws SQLException {
        String name = unit.state().name();
        BackfillOptions settings = crew.options();
        if (settings.restart()) {
            checkpoints.reset(name, table.name(), into);
        }
        Dialect dialect = from == Side.LEGACY ? Dialect.POSTGRESQL : targetDialect;
        DataSource source = from == Side.LEGACY ? legacy : target;
        long estimated = estimateRows(source, dialect, table);
        if (checkpoints.ranges(name, table.name(), into).isEmpty()) {
            checkpoints.plan(name, table.name(), into, RangeSplit.boundaries(source, dialect, table, estimated, settings.ranges()));
        }
        List<BackfillCheckpoints.Range> planned = checkpoints.ranges(name, table.name(), into);
        if (planned.stream().allMatch(BackfillCheckpoints.Range::done)) {
            return 0;
        }
        TableRun.Sides sides = new TableRun.Sides(table, from, into, source, dialect, into == Side.LEGACY ? legacy : target,
                into == Side.LEGACY ? Dialect.POSTGRESQL : targetDialect);
        TableRun run = new TableRun(crew, sides, listener, planned.stream().mapToLong(BackfillCheckpoints.Range::rowsCopied).sum(), estimated);
        run.start();
        List<BackfillCheckpoints.Range> after = checkpoints.ranges(name, table.name(), into);
        long elsewhere = after.stream().filter(r -> !r.done()).count();
        if (elsewhere > 0) {
            LOG.info("backfill of {}.{}: {} of {} key ranges are held by other workers; they finish them, or a later run takes them over "
                    + "once their leases ({} s) run out", name, table.name(), elsewhere, after.size(), settings.lease().toSeconds());
            unfinished.add(table.name());
        }
        return run.copied();
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
