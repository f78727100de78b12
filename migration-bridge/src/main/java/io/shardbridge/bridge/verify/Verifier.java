package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.control.VerificationLog;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.TableDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Proves a unit's tables equal on both sides, or says which rows differ (DESIGN §7): the operator's
 * entry point. Configure it (every setter is validated as it is called, {@link VerifierOptions}), then
 * {@link #run}. Each table is walked against each mirror view in key ranges whose checksums are
 * compared, mismatching ranges bisected down to suspect rows ({@link ChecksumWalk}, checkpointed by
 * {@link ResumableWalk}); the suspects are then read again until they settle ({@link Recheck}), so a
 * write in flight is not reported as a difference.
 */
public final class Verifier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Verifier.class);

    /** Progress of one table's walk: rows of the authoritative side checked so far. */
    public record Progress(String unit, String table, long rowsCompared, long rowsEstimated, double rowsPerSecond) {
    }

    /** A check that must pass before the run starts (the control plane's: every live instance mirrors the unit). */
    @FunctionalInterface
    public interface Precondition {
        void check() throws SQLException;
    }

    private final DualWriteUnit unit;
    private final DataSource legacy;
    private final Map<String, ? extends DataSource> shards;
    private final TargetConfig target;
    private final VerifierOptions.Builder options = VerifierOptions.builder();
    private Consumer<Progress> progress = p -> { };
    private VerificationLog log;
    private VerifyCheckpoints checkpoints;
    private Precondition precondition = () -> { };
    private final String owner = java.util.UUID.randomUUID().toString().substring(0, 8) + "@"
            + java.lang.management.ManagementFactory.getRuntimeMXBean().getName();

    public Verifier(DualWriteUnit unit, DataSource legacy, Map<String, ? extends DataSource> shards, TargetConfig target) {
        this.unit = unit;
        this.legacy = legacy;
        this.shards = shards;
        this.target = target;
    }

    /** Forgets the unit's interrupted verification passes: a side began receiving writes anew, so a resumed pass would mix old and new. */
    public static void forget(DataSource control, String unit) throws SQLException {
        new VerifyCheckpoints(control).resetUnit(unit);
    }

    /** A fixed range size instead of the adaptive one (tests use small ones to exercise boundaries). */
    public Verifier chunkRows(int rows) {
        options.chunkRows(rows);
        return this;
    }

    /** The time one range's checksums should take; ranges grow or shrink towards it (default 0.5 s). */
    public Verifier chunkTarget(Duration value) {
        options.chunkTarget(value);
        return this;
    }

    /** Mismatching ranges are bisected until they hold at most this many authoritative rows, then listed row by row. */
    public Verifier leafRows(int rows) {
        options.leafRows(rows);
        return this;
    }

    /** How many ranges are checksummed at once (default 2: one per core of a small database server). */
    public Verifier rangesInFlight(int ranges) {
        options.rangesInFlight(ranges);
        return this;
    }

    /** How long to wait before reading a difference again (in-flight writes are not differences); zero reads at once. */
    public Verifier recheckAfter(Duration value) {
        options.recheckAfter(value);
        return this;
    }

    /** Where finished reports are recorded (the control store); none by default. */
    public Verifier recordIn(VerificationLog value) {
        this.log = value;
        return this;
    }

    /**
     * Checkpoint the pass per key range in the control store (DESIGN §12, {@link VerifyCheckpoints}): an
     * interrupted pass resumes where it stopped, and processes verifying the same unit share its ranges.
     */
    public Verifier checkpointIn(DataSource control) {
        this.checkpoints = new VerifyCheckpoints(control);
        return this;
    }

    /** Start a fresh pass even if an interrupted one could be resumed (default: resume). */
    public Verifier restart(boolean value) {
        options.restart(value);
        return this;
    }

    /** Split a new pass's tables into this many key ranges (default 1), for verifications in other processes to share. */
    public Verifier ranges(int count) {
        options.ranges(count);
        return this;
    }

    /** How long a process holds a range without a checkpoint before others may take it over (default 30 s). */
    public Verifier lease(Duration value) {
        options.lease(value);
        return this;
    }

    /** The clock and sleeps of the pass (default {@link Ticker#system()}; tests pass a {@code ManualTicker}). */
    public Verifier ticker(Ticker value) {
        options.ticker(value);
        return this;
    }

    /** Where the checksum queries' threads come from (default {@code DaemonThreads.named("verify")}). */
    public Verifier threads(ThreadFactory value) {
        options.threads(value);
        return this;
    }

    public Verifier onProgress(Consumer<Progress> listener) {
        this.progress = Objects.requireNonNull(listener, "progress listener");
        return this;
    }

    public Verifier precondition(Precondition value) {
        this.precondition = Objects.requireNonNull(value, "precondition");
        return this;
    }

    public VerifyReport run() throws SQLException {
        MigrationPhase phase = unit.state().phase();
        if (!phase.mirrorsWrites()) {
            throw new SQLException("migration unit " + unit.state().name() + " is at " + phase + ": only one side receives its writes, so "
                    + "there is nothing to compare. Verify from DUAL_WRITE to RAMP_DOWN.", "55000");
        }
        precondition.check();
        VerifierOptions settings = options.build();
        Side authoritative = phase.authoritative();
        // read before the walk: a warning now explains a crawl; the report repeats it at the end
        List<VacuumAdvice> vacuum = new DeadTuples(legacy, shards, target).advise(unit.state().tables(), EnumSet.allOf(Side.class));
        vacuum.forEach(v -> LOG.warn("verification of unit {}: {}", unit.state().name(), v.message()));
        if (checkpoints != null) {
            checkpoints.ensureSchema();
        }
        long started = settings.ticker().nanoTime();
        Recheck recheck = new Recheck(settings.ticker(), settings.recheckAfter());
        Map<String, Long> compared = new LinkedHashMap<>();
        List<VerifyReport.Difference> differences = new ArrayList<>();
        long settled = 0;
        ExecutorService pool = Executors.newCachedThreadPool(settings.threads());
        try {
            for (String name : unit.state().tables()) {
                TableDefinition table = unit.table(name);
                if (table == null) {
                    throw new SQLException("cannot verify table " + name + ": " + unit.state().unmirrorableReason(name), "0A000");
                }
                ChecksumColumns columns = ChecksumColumns.of(table, Dialect.POSTGRESQL, target.dialect());
                ChecksumSide legacySide = TableSides.legacy(legacy, columns);
                List<ChecksumSide> targetViews = TableSides.target(target, shards, columns);
                ChecksumSide auth = authoritative == Side.LEGACY ? legacySide : targetViews.get(0);
                List<ChecksumSide> mirrors = authoritative == Side.LEGACY ? targetViews : List.of(legacySide);
                long rows = 0;
                for (ChecksumSide mirror : mirrors) {
                    List<RowImage> suspects = new ArrayList<>();
                    rows = checkpoints == null
                            ? new ChecksumWalk(settings, pool, unit.state().name(), table, auth, mirror, suspects, null, null,
                                    (upper, walked, last) -> { }, progress).run()
                            : new ResumableWalk(settings, checkpoints, owner, pool, table, auth, mirror, new VerifyCheckpoints.Scope(
                                    unit.state().name(), name, mirror.label(), authoritative.name()), progress).run(suspects);
                    List<VerifyReport.Difference> found = recheck.settle(table, auth, mirror, suspects);
                    differences.addAll(found);
                    settled += suspects.size() - found.size();
                }
                compared.put(name, rows);
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof SQLException s ? s : new SQLException("verification failed: " + e.getCause(), "58000", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        VerifyReport report = new VerifyReport(unit.state().name(), authoritative, compared, differences, settled,
                Duration.ofNanos(settings.ticker().nanosSince(started)), vacuum);
        if (log != null) {
            log.record(report.unit(), report.rowsCompared().values().stream().mapToLong(Long::longValue).sum(), report.differences().size(),
                    report.settled(), report.took(), report.toJson());
        }
        return report;
    }
}
