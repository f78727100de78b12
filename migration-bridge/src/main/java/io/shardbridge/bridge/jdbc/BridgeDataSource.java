package io.shardbridge.bridge.jdbc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.shardbridge.ShardbridgeException;
import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.catchup.OutsideWriteCatchUp;
import io.shardbridge.bridge.catchup.SafetyNetStatus;
import io.shardbridge.bridge.verify.Verifier;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.bridge.dualwrite.DualWriteCommit;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.dualwrite.BacklogDrain;
import io.shardbridge.bridge.dualwrite.IntentJanitor;
import io.shardbridge.bridge.intent.IntentTable;
import io.shardbridge.bridge.unit.MirrorCircuit;
import io.shardbridge.bridge.dualwrite.MirrorWorkers;
import io.shardbridge.bridge.dualwrite.Repairer;
import io.shardbridge.bridge.metrics.BridgeMetrics;
import io.shardbridge.bridge.mirror.MirrorSide;
import io.shardbridge.bridge.unit.MigrationUnits;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.bridge.shadow.ShadowReads;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationUnitConfig;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.pool.ConnectionPools;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.target.ShardedTarget;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The DataSource a service uses during a migration (DESIGN §4, §5): legacy PostgreSQL and the sharded
 * target behind one JDBC surface. Statements on tables outside every migration unit go to legacy
 * untouched; statements on a unit's tables go to its authoritative side, and writes in a mirroring
 * phase are mirrored as row images with durable intents. Open it with {@link #builder(ShardbridgeConfig)}
 * or through {@code jdbc:shardbridge:} URLs.
 */
public final class BridgeDataSource implements DataSource, AutoCloseable {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(BridgeDataSource.class);

    /** Connections of the control plane's own pool when the control store is legacy, and of the repairer's on legacy. */
    private static final int CONTROL_POOL_SIZE = 4;

    private final BridgeRuntime runtime;
    private final Repairer repairer;
    private final IntentJanitor janitor;
    private final MirrorWorkers workers;
    private final BridgeMetrics metrics;
    private final ScheduledExecutorService background;
    private final List<AutoCloseable> owned;
    private final DataSource control;
    private final io.shardbridge.bridge.control.ControlPlane controlPlane;
    private final io.shardbridge.bridge.control.PhaseFlagRequests flagRequests;
    private final io.shardbridge.bridge.readiness.ReadinessReports readiness;
    private final boolean readinessGate;
    private final OutsideWriteCatchUp catchUp;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    private BridgeDataSource(BridgeRuntime runtime, Repairer repairer, IntentJanitor janitor, MirrorWorkers workers, BridgeMetrics metrics,
                             ScheduledExecutorService background, List<AutoCloseable> owned, DataSource control,
                             io.shardbridge.bridge.control.ControlPlane controlPlane, io.shardbridge.bridge.readiness.ReadinessReports readiness,
                             boolean readinessGate, OutsideWriteCatchUp catchUp) {
        this.readiness = readiness;
        this.readinessGate = readinessGate;
        this.catchUp = catchUp;
        this.control = control;
        this.controlPlane = controlPlane;
        this.flagRequests = new io.shardbridge.bridge.control.PhaseFlagRequests(control, controlPlane.store());
        this.runtime = runtime;
        this.repairer = repairer;
        this.janitor = janitor;
        this.workers = workers;
        this.metrics = metrics;
        this.background = background;
        this.owned = owned;
    }

    public static Builder builder(ShardbridgeConfig config) {
        return new Builder(config);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new BridgeConnection(runtime, runtime.legacy.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("shardbridge connects with the credentials in its configuration; call getConnection()", "0A000");
    }

    // ---- phases

    /** The unit's current phase on this instance. */
    public MigrationPhase phase(String unit) {
        return state(unit).phase();
    }

    /**
     * Moves a unit one phase forward or back on every instance (DESIGN §4), and returns once this
     * instance is there (others follow within a heartbeat). New transactions of the unit wait while those
     * in flight finish (at most {@code fence-timeout-ms}). At an authority flip (SHADOW ↔ LIVE) every live
     * instance fences and acknowledges, every intent of the old authoritative side is drained, and only
     * then is the flip recorded; a failure or timeout abandons the move with nothing changed. A move
     * into reading the mirror needs a finished backfill and a clean verification first.
     */
    public void moveTo(String unit, MigrationPhase wanted) throws SQLException {
        moveTo(unit, wanted, p -> { });
    }

    /** As {@link #moveTo(String, MigrationPhase)}, reporting each stage (fencing, draining, converging) with instance counts. */
    public void moveTo(String unit, MigrationPhase wanted, java.util.function.Consumer<io.shardbridge.bridge.control.Coordinator.Progress> progress)
            throws SQLException {
        moveTo(unit, wanted, false, progress);
    }

    /**
     * As {@link #moveTo(String, MigrationPhase, java.util.function.Consumer)}. A move that makes the target
     * authoritative also waits for writes made outside shardbridge (DESIGN §10): it is refused while some
     * were seen within {@code outside-writes-quiet-ms}, unless {@code acceptOutsideWrites} (recorded).
     */
    public void moveTo(String unit, MigrationPhase wanted, boolean acceptOutsideWrites,
                       java.util.function.Consumer<io.shardbridge.bridge.control.Coordinator.Progress> progress) throws SQLException {
        UnitState state = state(unit);
        DualWriteUnit dualWrite = runtime.dualWrite.get(state);
        MigrationPhase current = state.phase();
        long started = System.nanoTime();
        MigrationPhase step = (wanted.ordinal() > current.ordinal() ? current.next() : wanted.ordinal() < current.ordinal() ? current.previous()
                : java.util.Optional.<MigrationPhase>empty()).orElse(current);
        if (readinessGate && !current.targetIsAuthoritative() && step.targetIsAuthoritative()) {
            var report = readiness(unit);
            if (acceptOutsideWrites) { // the catch-up's own gate records that override
                report = new io.shardbridge.bridge.readiness.Readiness(report.unit(), report.phase(), report.target(), report.generatedAt(),
                        report.shapes(), report.findings().stream().filter(f -> !OutsideWriteCatchUp.acceptedWithOutsideWrites(f)).toList(),
                        report.accepted());
            }
            io.shardbridge.bridge.readiness.ReadinessReports.requireNoBlockers(report, current, step);
        }
        if (catchUp == null && state.config().outsideWrites().capture().streamMirrors(step)) {
            throw new SQLException("migration unit " + unit + " is configured with capture: logical, in which only the replication stream brings "
                    + "its writes to the target, but this DataSource runs without the catch-up (Builder#outsideWriteCatchUp(false)); move it "
                    + "from a process that runs the catch-up, or set capture: statement. The unit stays at " + current + ".", "55000");
        }
        var recorded = controlPlane.store().unit(unit).orElse(null);
        if (catchUp != null && recorded != null && recorded.phase() != wanted && !recorded.fencing()) {
            catchUp.beforeMove(unit, recorded.phase(), wanted, recorded.epoch(), acceptOutsideWrites);
        }
        try {
            controlPlane.move(state, wanted, (from, to) -> {
                if (from.mirrorsWrites()) {
                    repairer.drain(dualWrite, from.authoritative(), Duration.ZERO);
                    long left = repairer.pending(dualWrite, from.authoritative());
                    if (left > 0) {
                        throw new SQLException("migration unit " + unit + ": " + left + " intent(s) could not be drained before the authority flip "
                                + from + " -> " + to + "; the unit stays at " + from + ". Check that the mirror is reachable and retry.", "55000");
                    }
                }
                if (catchUp != null) {
                    catchUp.whileFenced(unit, from, to, state.config().dualWrite().fenceTimeout().dividedBy(2), acceptOutsideWrites);
                }
                if (runtime.keyAuthority != null) {
                    runtime.keyAuthority.whileFenced(unit, from, to); // sequence keys change hands with the authority
                }
            }, progress);
        } catch (SQLException | RuntimeException e) {
            if (catchUp != null) {
                catchUp.afterMove(unit, controlPlane.store().unit(unit).map(r -> r.phase()).orElse(wanted)); // drops a slot no move wants
            }
            throw e;
        }
        if (catchUp != null) {
            catchUp.afterMove(unit, wanted);
        }
        LOG.info("migration unit {}: now {}", unit, state.phase());
        if (state.phase() != current) {
            long epoch = controlPlane.store().unit(unit).map(r -> r.epoch()).orElse(0L);
            new io.shardbridge.bridge.control.PhaseHistory(control).record(new io.shardbridge.bridge.control.PhaseHistory.Move(unit, current,
                    state.phase(), epoch, java.time.Instant.now(), (System.nanoTime() - started) / 1_000_000, controlPlane.instance()));
        }
    }

    /** The unit's safety net for writes made outside shardbridge (DESIGN §10): slot, retained WAL, the outside-writes report. */
    public SafetyNetStatus safetyNet(String unit) throws SQLException {
        state(unit);
        if (catchUp == null) {
            return new SafetyNetStatus(unit, "turned off for this DataSource (BridgeDataSource.Builder#outsideWriteCatchUp(false))", null, false,
                    false, null, -1, -1, 0, state(unit).config().outsideWrites().quiet(), List.of(), null, null);
        }
        return catchUp.status(unit);
    }

    /** The catch-up of writes made outside shardbridge, or null when turned off (tests: {@code crash} a stream). */
    public OutsideWriteCatchUp outsideWriteCatchUp() {
        return catchUp;
    }

    /** Moves every unit toward the phase its configuration asks for (one step per call, as DESIGN §4 requires). */
    public void applyDesiredPhases(ShardbridgeConfig desired) throws SQLException {
        for (MigrationUnitConfig unit : desired.migrations().values()) {
            if (runtime.units.named(unit.name()).isPresent()) {
                MigrationPhase recorded = controlPlane.store().unit(unit.name()).map(r -> r.phase()).orElse(phase(unit.name()));
                if (recorded != unit.phase()) {
                    moveTo(unit.name(), unit.phase());
                }
            }
        }
    }

    /**
     * Follows the {@code phase} flags of a re-read configuration the way a running service should: only a flag
     * that changed since this instance last saw it (at start-up: since the flag last recorded in the control
     * store) requests a move, one step per call until reached; an unchanged flag never undoes a move made by the
     * actuator or the CLI. Returns the units still on their way. See {@link io.shardbridge.bridge.control.PhaseFlagRequests}.
     */
    public Map<String, MigrationPhase> followPhaseFlags(ShardbridgeConfig flags) throws SQLException {
        Map<String, MigrationPhase> wanted = new LinkedHashMap<>();
        flags.migrations().values().stream().filter(u -> runtime.units.named(u.name()).isPresent()).forEach(u -> wanted.put(u.name(), u.phase()));
        return flagRequests.follow(wanted, this::moveTo);
    }

    /** This instance's name in the control store. */
    public String instanceId() {
        return controlPlane.instance();
    }

    /** The control plane (tests: {@code crash()} an instance). */
    public io.shardbridge.bridge.control.ControlPlane controlPlane() {
        return controlPlane;
    }

    // ---- repair

    /** Re-applies every leftover intent of the unit now, whatever its age; returns the rows repaired. */
    public int drainIntents(String unit) throws SQLException {
        return repairer.drain(runtime.dualWrite.get(state(unit)), Duration.ZERO);
    }

    /** Intents of the unit waiting on its current authoritative side. */
    public long pendingIntents(String unit) throws SQLException {
        UnitState state = state(unit);
        return repairer.pending(runtime.dualWrite.get(state), state.phase().authoritative());
    }

    /**
     * Waits for the mirror transactions already started to end (their commits run after the callers
     * return), then clears their intents at once instead of in the background. For tests and tools
     * that compare both sides right after writing.
     */
    public void awaitMirrored() {
        try {
            workers.awaitIdle(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        janitor.flush();
    }

    /**
     * A backfill of the unit's existing rows into the side that receives its mirrored writes (DESIGN §6);
     * configure it, then {@link Backfill#run}. Its checkpoints live in the control store.
     */
    public Backfill backfill(String unit) {
        DualWriteUnit dualWrite = runtime.dualWrite.get(state(unit));
        return new Backfill(dualWrite, runtime.legacy, runtime.target, runtime.config.target().dialect(), control)
                .latencySignal(io.shardbridge.bridge.backfill.ServiceLatencySignal.of(dualWrite.meters().serviceLatency()::ratio,
                        () -> controlPlane.publishedLatency(unit).stream().mapToDouble(l -> l.ratio()).findFirst()))
                .deadTuples(deadTuples())
                .precondition(() -> {
                    controlPlane.requireEveryInstanceMirroring(unit, "a backfill");
                    if (catchUp != null) {
                        catchUp.requireSlotBeforeBackfill(unit);
                    }
                });
    }

    /** Reads the units' tables' dead row versions on the PostgreSQL sides, for the operator's vacuum advice. */
    private io.shardbridge.bridge.verify.DeadTuples deadTuples() {
        return new io.shardbridge.bridge.verify.DeadTuples(runtime.legacy, runtime.shards, runtime.config.target());
    }

    /** A chunk-checksum comparison of the unit's tables on both sides (DESIGN §7); configure it, then {@link Verifier#run}. */
    public Verifier verifier(String unit) {
        return new Verifier(runtime.dualWrite.get(state(unit)), runtime.legacy, runtime.shards, runtime.config.target())
                .recordIn(new io.shardbridge.bridge.control.VerificationLog(control)).checkpointIn(control)
                .precondition(() -> controlPlane.requireEveryInstanceMirroring(unit, "a verification"));
    }

    /**
     * Continuous verification of the keys this DataSource's write transactions touch (DESIGN §7): each
     * is compared on both sides {@code settle} after its write; {@link ContinuousVerifier#start} it, close it to stop.
     */
    public io.shardbridge.bridge.verify.ContinuousVerifier continuousVerifier(String unit, Duration settle,
                                                                           java.util.function.Consumer<VerifyReport.Difference> listener) {
        return new io.shardbridge.bridge.verify.ContinuousVerifier(runtime.dualWrite.get(state(unit)), runtime.legacy, runtime.shards,
                runtime.config.target(), settle, listener);
    }

    /** Rewrites the mirror's copy of the rows a verification found different, from the authoritative side (idempotent). */
    public int repair(String unit, VerifyReport report) throws SQLException {
        DualWriteUnit dualWrite = runtime.dualWrite.get(state(unit));
        Map<String, List<io.shardbridge.bridge.row.RowImage>> byTable = new LinkedHashMap<>();
        for (VerifyReport.Difference d : report.differences()) {
            byTable.computeIfAbsent(d.table(), t -> new ArrayList<>()).add(new io.shardbridge.bridge.row.RowImage(d.table(), d.key()));
        }
        for (Map.Entry<String, List<io.shardbridge.bridge.row.RowImage>> e : byTable.entrySet()) {
            repairer.repairRows(dualWrite, dualWrite.table(e.getKey()), e.getValue());
        }
        return report.differences().size();
    }

    /** What an operator wants to see of a unit: phase, backfill progress, last verification, intents pending. */
    public io.shardbridge.bridge.status.UnitStatus status(String unit) throws SQLException {
        UnitState state = state(unit);
        var row = controlPlane.store().unit(unit).orElseThrow();
        return new io.shardbridge.bridge.status.UnitStatus(unit, row.phase(), row.epoch(), row.fencing() ? row.fencePhase() : null, state.tables(),
                controlPlane.store().instances(unit, controlPlane.deadAfter()), Backfill.status(control, unit),
                new io.shardbridge.bridge.control.VerificationLog(control).latest(unit).orElse(null), pendingIntents(unit),
                new io.shardbridge.bridge.control.PublishedLatency(control).live(unit, controlPlane.deadAfter(), null),
                deadTuples().advise(state.tables(), java.util.EnumSet.allOf(Side.class)));
    }

    /**
     * The unit's readiness report (DESIGN §11): the statement census with how the target would run each shape,
     * the pre-flight checks on legacy's catalog, and the blockers that hold up the flip to LIVE.
     */
    public io.shardbridge.bridge.readiness.Readiness readiness(String unit) throws SQLException {
        UnitState state = state(unit);
        var verified = new io.shardbridge.bridge.control.VerificationLog(control).latest(unit);
        String last = verified.map(v -> (v.differences() == 0 ? "equal" : v.differences() + " difference(s)") + " at " + v.finishedAt()
                + " (" + v.rowsCompared() + " rows)").orElse(null);
        return readiness.report(unit, state.phase(), state.tables(), pendingIntents(unit), last,
                catchUp == null ? List.of() : catchUp.readinessFindings(unit));
    }

    /** The unit's recorded phase moves, oldest first (the latest {@code limit}). */
    public List<io.shardbridge.bridge.control.PhaseHistory.Move> phaseHistory(String unit, int limit) throws SQLException {
        state(unit);
        return new io.shardbridge.bridge.control.PhaseHistory(control).moves(unit, limit);
    }

    /** The unit's verifications, newest first (at most {@code limit}). */
    public List<io.shardbridge.bridge.control.VerificationLog.Entry> verificationHistory(String unit, int limit) throws SQLException {
        state(unit);
        return new io.shardbridge.bridge.control.VerificationLog(control).history(unit, limit);
    }

    /** Records that {@code who} accepts blockers of {@code kind} for the unit (shown in every report afterwards). */
    public void acceptReadiness(String unit, String kind, String who) throws SQLException {
        state(unit);
        readiness.accept(unit, kind, who);
    }

    /** Forgets the unit's statement census and acceptances (a unit started afresh; tests). */
    public void forgetReadiness(String unit) throws SQLException {
        state(unit);
        readiness.forget(unit);
    }

    /** The migration units in configuration order. */
    public List<String> unitNames() {
        return runtime.units.all().stream().map(UnitState::name).toList();
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    /** The sharded target's routing DataSource (for tools and tests that read the target directly). */
    public DataSource targetDataSource() {
        return runtime.target;
    }

    public DataSource legacyDataSource() {
        return runtime.legacy;
    }

    private UnitState state(String unit) {
        return runtime.units.named(unit).orElseThrow(() -> new ShardbridgeException("no migration unit named '" + unit
                + "'; configured units: " + runtime.units.all().stream().map(UnitState::name).toList()));
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        background.shutdownNow();
        readiness.census().flush();
        runtime.shadow.close();
        // in order: mirror workers finish their commits, the janitor clears their intents, then the pools close
        for (AutoCloseable closeable : owned) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing {}: {}", closeable, e.toString());
            }
        }
    }

    // ---- DataSource boilerplate

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** Opens a {@link BridgeDataSource}; every setting has a production default. */
    public static final class Builder {
        private static final Duration DEFAULT_CLOSE_DRAIN = Duration.ofSeconds(10);
        /** First retry of a target that could not be opened at start-up (doubling up to 30 s). */
        private static final Duration TARGET_RETRY = Duration.ofSeconds(2);
        private final ShardbridgeConfig config;
        private MeterRegistry registry = Metrics.globalRegistry;
        private java.util.function.BiFunction<String, DataSource, DataSource> mirrorWrapper = (database, ds) -> ds;
        private DataSource legacy;
        private ShardedTarget target;
        private Duration repairInterval = Duration.ofSeconds(5);
        private Duration repairMinAge = Duration.ofSeconds(10);
        private Duration closeDrain;
        private IntSupplier shadowSampler = ShadowReads.randomPercentile();
        private int mirrorThreads = 64;
        private Duration heartbeat;
        private Duration deadAfter;
        private boolean requireBackfillBeforeReads = true;
        private boolean readinessGate = true;
        private Duration censusWindow = Duration.ofDays(7);
        private String instanceId;
        private boolean catchUpOn = true;
        private boolean catchUpConsumes = true;

        private Builder(ShardbridgeConfig config) {
            if (config.legacy().isEmpty()) {
                throw new ShardbridgeException("legacy: is missing; the migration layer needs the legacy PostgreSQL database the tables move off");
            }
            this.config = config;
            this.heartbeat = config.timing().heartbeat();
            this.deadAfter = config.timing().deadAfter();
        }

        public Builder meterRegistry(MeterRegistry value) {
            this.registry = value;
            return this;
        }

        /** Wraps every DataSource the mirror writes through (fault injection in tests, extra instrumentation). */
        public Builder mirrorDataSourceWrapper(UnaryOperator<DataSource> value) {
            this.mirrorWrapper = (database, ds) -> value.apply(ds);
            return this;
        }

        /** As {@link #mirrorDataSourceWrapper(UnaryOperator)}, told which database it wraps: "legacy" or a shard's name. */
        public Builder mirrorDatabaseWrapper(java.util.function.BiFunction<String, DataSource, DataSource> value) {
            this.mirrorWrapper = value;
            return this;
        }

        /** Uses this legacy DataSource instead of opening a pool from {@code legacy:} (the caller closes it). */
        public Builder legacyDataSource(DataSource value) {
            this.legacy = value;
            return this;
        }

        /** Uses an already open target instead of opening one from {@code target:} (the caller closes it). */
        public Builder target(ShardedTarget value) {
            this.target = value;
            return this;
        }

        /** How often leftover intents are re-applied in the background, and how old they must be; zero interval turns it off. */
        public Builder repair(Duration interval, Duration minAge) {
            if (interval.isNegative() || minAge.isNegative()) {
                throw new IllegalArgumentException("repair interval and minimum age must not be negative");
            }
            this.repairInterval = interval;
            this.repairMinAge = minAge;
            return this;
        }

        /**
         * How long {@code close()} may spend re-applying the intents still pending (writes whose mirror failed,
         * an outage's backlog), default 10 s; zero closes at once. Whatever it cannot drain in that time stays in
         * the intent table, is logged per unit, and is taken by the next instance's background repair. With
         * background repair off ({@code repair(Duration.ZERO, …)}, one-off CLI commands) the default is zero.
         */
        public Builder drainOnClose(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("drainOnClose must not be negative, was " + value);
            }
            this.closeDrain = value;
            return this;
        }

        /** The most mirror transactions in flight at once on worker threads; beyond that a caller runs its own, synchronously. */
        public Builder mirrorThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("mirrorThreads must be at least 1, was " + value);
            }
            this.mirrorThreads = value;
            return this;
        }

        /**
         * How often this instance reads the control store and heartbeats (default {@code control.heartbeat-ms},
         * 100 ms; every 10 ms while a flip is pending), and after how long without a heartbeat the others count
         * an instance dead (default {@code control.instance-dead-after-ms}, 10 s). An instance that cannot reach the control store for half that time stops taking
         * transactions of the units, so a dead-counted instance has stopped writing.
         */
        public Builder controlTiming(Duration heartbeatInterval, Duration instanceDeadAfter) {
            if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || instanceDeadAfter.compareTo(heartbeatInterval.multipliedBy(4)) < 0) {
                throw new IllegalArgumentException("the heartbeat interval must be positive and the dead-after time at least four intervals");
            }
            this.heartbeat = heartbeatInterval;
            this.deadAfter = instanceDeadAfter;
            return this;
        }

        /** This instance's name in the control store (default: random, with the host and process id). */
        public Builder instanceId(String value) {
            this.instanceId = value;
            return this;
        }

        /**
         * Whether a move that reads from the mirror needs a finished backfill and a clean verification first
         * (DESIGN §4; default true). Turn it off only for tests whose tables start empty.
         */
        public Builder requireBackfillBeforeReads(boolean value) {
            this.requireBackfillBeforeReads = value;
            return this;
        }

        /**
         * Whether a move that makes the target authoritative is refused while the readiness report holds a blocker
         * (DESIGN §11; default true). Off only for tests that walk units with deliberately unportable SQL.
         */
        public Builder readinessGate(boolean value) {
            this.readinessGate = value;
            return this;
        }

        /** How long a statement shape seen in the census counts toward the readiness report's blockers (default 7 days). */
        public Builder censusWindow(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("censusWindow must be positive, was " + value);
            }
            this.censusWindow = value;
            return this;
        }

        /**
         * The logical-replication safety net for writes made outside shardbridge (DESIGN §10; default on, and
         * per unit {@code catch-up: false} turns it off). Off here: no slots, no outside-writes wait (for
         * suites that write legacy directly on purpose).
         */
        public Builder outsideWriteCatchUp(boolean value) {
            this.catchUpOn = value;
            return this;
        }

        /**
         * Whether this DataSource consumes the units' slots when it holds their lease (default true). One-off
         * processes (the CLI) pass false: they still create and drop slots and check the wait at a flip.
         */
        public Builder consumeCatchUp(boolean value) {
            this.catchUpConsumes = value;
            return this;
        }

        /** Picks a number 0..99 per read to decide shadow sampling (tests pass a fixed one). */
        public Builder shadowSampler(IntSupplier value) {
            this.shadowSampler = value;
            return this;
        }

        public BridgeDataSource open() {
            List<AutoCloseable> owned = new ArrayList<>();
            try {
                return open(owned);
            } catch (SQLException | RuntimeException e) {
                for (AutoCloseable closeable : owned) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // already failing
                    }
                }
                if (e instanceof ShardbridgeException se) {
                    throw se;
                }
                throw new ShardbridgeException("cannot open the shardbridge DataSource: " + e.getMessage(), e);
            }
        }

        private BridgeDataSource open(List<AutoCloseable> owned) throws SQLException {
            DataSource legacyPool = legacy;
            if (legacyPool == null) {
                var pool = ConnectionPools.open("legacy", config.legacy().orElseThrow(), config.target().connectTimeoutSeconds());
                owned.add(pool);
                legacyPool = pool;
            }
            Map<String, TableDefinition> definitions = new HashMap<>();
            Map<String, String> unmirrorable = new HashMap<>();
            readDefinitions(legacyPool, definitions, unmirrorable);
            IntentTable.create(legacyPool, io.shardbridge.config.Dialect.POSTGRESQL);
            BridgeMetrics metrics = new BridgeMetrics(registry);
            ShardedTarget sharded = target;
            LateTarget late = null;
            if (sharded == null) {
                try {
                    sharded = ShardedTarget.open(config.target());
                    owned.add(sharded);
                } catch (ShardbridgeException e) {
                    if (!LateTarget.unreachable(e)) {
                        throw e;
                    }
                    // legacy may be authoritative for every unit: start without the target (checked once the phases are known)
                    late = new LateTarget(config.target(), () -> ShardedTarget.open(config.target()), e, TARGET_RETRY,
                            targetOpened(metrics));
                    owned.add(late);
                }
            }
            DataSource targetRouting = sharded != null ? sharded.dataSource() : late.routing();
            Map<String, ? extends DataSource> targetShards = sharded != null ? sharded.shardDataSources() : late.shards();
            if (sharded != null) {
                targetOpened(metrics).accept(sharded);
            }
            MigrationUnits units = new MigrationUnits(config.migrations().values(), unmirrorable);
            Map<String, DataSource> intentDatabases = new LinkedHashMap<>();
            intentDatabases.put(MirrorSide.LEGACY, legacyPool);
            intentDatabases.putAll(targetShards);
            IntentJanitor janitor = new IntentJanitor(intentDatabases);
            owned.add(0, janitor);
            MirrorWorkers workers = new MirrorWorkers(mirrorThreads);
            owned.add(0, workers);
            Map<String, DataSource> mirrorShards = new LinkedHashMap<>();
            targetShards.forEach((name, ds) -> mirrorShards.put(name, mirrorWrapper.apply(name, ds)));
            DataSource mirrorLegacy = mirrorWrapper.apply(MirrorSide.LEGACY, legacyPool);
            Map<UnitState, DualWriteUnit> dualWrite = new LinkedHashMap<>();
            for (UnitState unit : units.all()) {
                MigrationUnitConfig.DualWriteSettings settings = unit.config().dualWrite();
                Map<String, TableDefinition> tables = new LinkedHashMap<>();
                unit.tables().stream().filter(definitions::containsKey).forEach(t -> tables.put(t, definitions.get(t)));
                List<TableDefinition> list = List.copyOf(tables.values());
                dualWrite.put(unit, new DualWriteUnit(unit, new MirrorCircuit(settings.circuitFailures(), settings.circuitOpenFor(), io.shardbridge.concurrent.Ticker.system()),
                        metrics, MirrorSide.shards(config.target(), mirrorShards, list, settings.mirrorTimeout()),
                        MirrorSide.legacy(mirrorLegacy, list, settings.mirrorTimeout()), tables, config.target()));
            }
            ThreadPoolExecutor shadowExecutor = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                    daemon("shardbridge-shadow-read"));
            ShadowReads shadow = new ShadowReads(Map.of(Side.LEGACY, legacyPool, Side.TARGET, targetRouting), shadowExecutor, shadowSampler);
            BridgeRuntime runtime = new BridgeRuntime(config, legacyPool, targetRouting, targetShards, units, dualWrite,
                    new DualWriteCommit(janitor, workers, config.target().dialect()), shadow);
            // The repairer drains legacy's intents at the flip while the unit's new transactions wait at the fence, each holding a
            // connection of the service's pool: with its own connections it cannot be starved by them (the flip would pass its deadline).
            DataSource repairLegacy = legacyPool;
            if (legacy == null) {
                io.shardbridge.config.DatabaseEndpoint endpoint = config.legacy().orElseThrow();
                var pool = ConnectionPools.open("repair", new io.shardbridge.config.DatabaseEndpoint(endpoint.url(), endpoint.username(),
                        endpoint.password(), CONTROL_POOL_SIZE), config.target().connectTimeoutSeconds());
                owned.add(pool);
                repairLegacy = pool;
            }
            Repairer repairer = new Repairer(repairLegacy, targetRouting, targetShards, config.target().dialect(), janitor,
                    workers);
            ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(daemon("shardbridge-repairer"));
            BacklogDrain backlogDrain = new BacklogDrain(repairer, dualWrite.values(), background, repairMinAge, Duration.ofSeconds(1), io.shardbridge.concurrent.Ticker.system());
            if (!repairInterval.isZero()) {
                backlogDrain.start(repairInterval);
                runtime.commit.onMirrorAnswersAgain(backlogDrain::mirrorAnswersAgain);
            }
            // The control plane gets a pool of its own even when the control store is legacy: heartbeats that queue behind the
            // service's own statements in an exhausted pool would make this instance stop taking transactions ("lost contact").
            // Only a legacy DataSource handed in by the application (whose password is not known here) is shared.
            DataSource controlPool = legacyPool;
            boolean separateControl = config.control().isPresent() && !config.control().get().url().equals(config.legacy().orElseThrow().url());
            if (separateControl || legacy == null) {
                io.shardbridge.config.DatabaseEndpoint endpoint = separateControl ? config.control().get() : config.legacy().orElseThrow();
                var pool = ConnectionPools.open("control", new io.shardbridge.config.DatabaseEndpoint(endpoint.url(), endpoint.username(),
                        endpoint.password(), separateControl ? endpoint.maxPoolSize() : CONTROL_POOL_SIZE), config.target().connectTimeoutSeconds());
                owned.add(pool);
                controlPool = pool;
            }
            String instance = instanceId != null ? instanceId
                    : java.util.UUID.randomUUID().toString().substring(0, 8) + "@" + java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
            openKeys(runtime, legacyPool, controlPool, definitions, owned);
            DataSource store = controlPool;
            io.shardbridge.bridge.control.ControlPlane controlPlane = new io.shardbridge.bridge.control.ControlPlane(controlPool, units, instance,
                    heartbeat, deadAfter, requireBackfillBeforeReads, (unit, side) -> Backfill.forget(store, unit, side))
                    .publishLatency(name -> units.named(name).map(u -> dualWrite.get(u).meters().serviceLatency().reading()).orElse(null))
                    .start();
            owned.add(0, controlPlane);
            if (late != null) {
                refuseWithoutAuthoritativeTarget(units, late);
                late.start();
            }
            // after joining the control plane: the phases this instance will really run, as recorded, not the configured flags
            LOG.info("shardbridge bridge ready: {} migration unit(s) {}", units.all().size(),
                    units.all().stream().map(u -> u.name() + "=" + u.phase()
                            + (u.phase() != u.config().phase() ? " (flag says " + u.config().phase() + ")" : "")).toList());
            var readiness = new io.shardbridge.bridge.readiness.ReadinessReports(controlPool, legacyPool, config.target(), java.time.Clock.systemUTC(),
                    censusWindow);
            runtime.census = readiness.census();
            background.scheduleWithFixedDelay(readiness.census()::flush, 5, 5, TimeUnit.SECONDS);
            OutsideWriteCatchUp catchUp = null;
            if (catchUpOn) {
                Map<String, DualWriteUnit> byName = new LinkedHashMap<>();
                dualWrite.forEach((unit, dw) -> byName.put(unit.name(), dw));
                catchUp = OutsideWriteCatchUp.start(new OutsideWriteCatchUp.Wiring(byName, repairer, legacyPool, config.legacy().orElseThrow(),
                        controlPool, config.control().map(c -> c.url()).orElse(config.legacy().orElseThrow().url()), controlPlane.store(), registry,
                        instance, deadAfter, targetRouting), catchUpConsumes);
                owned.add(0, catchUp);
            }
            // at close, before this instance leaves the control plane (a drain after leaving could race a flip it no longer fences for)
            owned.add(owned.indexOf(controlPlane), drainBeforeClose(backlogDrain, workers));
            return new BridgeDataSource(runtime, repairer, janitor, workers, metrics, background, owned, controlPool, controlPlane, readiness,
                    readinessGate, catchUp);
        }

        /**
         * The shared key allocator for the units' sequence-filled columns, when there are any. It reserves
         * blocks through a pool of its own (two connections to the control database) when this builder
         * opened the pools: a reservation made while every connection of the service's pool is held by a
         * caller waiting for that very reservation would otherwise wait out the pool's timeout.
         */
        private void openKeys(BridgeRuntime runtime, DataSource legacyPool, DataSource controlPool, Map<String, TableDefinition> definitions,
                              List<AutoCloseable> owned) throws SQLException {
            var authority = io.shardbridge.bridge.keys.KeyAuthority.open(legacyPool, () -> {
                boolean ownControl = controlPool != legacyPool || legacy == null;
                if (!ownControl) {
                    return controlPool;
                }
                var endpoint = config.control().orElse(config.legacy().orElseThrow());
                var pool = ConnectionPools.open("keys", new io.shardbridge.config.DatabaseEndpoint(endpoint.url(), endpoint.username(),
                        endpoint.password(), 2), config.target().connectTimeoutSeconds());
                owned.add(pool);
                return pool;
            }, config.migrations().values(), definitions);
            if (authority != null) {
                runtime.keyAuthority = authority;
                runtime.keyFilling = authority.filling();
            }
        }

        /** What an open target needs before its first use: intent tables on the shards, the missing-table warning, its meters. */
        private java.util.function.Consumer<ShardedTarget> targetOpened(BridgeMetrics metrics) {
            return opened -> {
                try {
                    for (DataSource shard : opened.shardDataSources().values()) {
                        IntentTable.create(shard, config.target().dialect());
                    }
                } catch (SQLException e) {
                    throw new ShardbridgeException("cannot create shardbridge_intent on the target's shards: " + e.getMessage(), e);
                }
                warnAboutMissingPhysicalTables(opened);
                metrics.target(opened.fastPathStats());
            };
        }

        /**
         * A target that could not be opened stops start-up only where it is authoritative (DESIGN §8: from LIVE on,
         * an unreachable shard is a clear start-up failure); below LIVE the instance serves from legacy meanwhile.
         */
        private static void refuseWithoutAuthoritativeTarget(MigrationUnits units, LateTarget late) {
            List<String> needTarget = units.all().stream().filter(u -> u.phase().authoritative() == Side.TARGET)
                    .map(u -> u.name() + " (" + u.phase() + ")").toList();
            if (!needTarget.isEmpty()) {
                throw new ShardbridgeException("cannot start: the sharded target is authoritative for migration unit(s) " + String.join(", ", needTarget)
                        + " and cannot be reached: " + late.failure().getMessage(), late.failure());
            }
        }

        /**
         * ShardingSphere reads the shards' table list once, when the target opens: a physical table created
         * later stays unknown to this instance's router until it restarts. Say so now, not at the first
         * LIVE write.
         */
        private void warnAboutMissingPhysicalTables(ShardedTarget sharded) {
            for (MigrationUnitConfig unit : config.migrations().values()) {
                for (String table : unit.tables()) {
                    config.target().table(table).ifPresent(rule -> {
                        for (var physical : new io.shardbridge.sharding.ShardLayout(rule, config.target().shardNames()).physicalTables()) {
                            try (Connection c = sharded.shardDataSources().get(physical.shard()).getConnection();
                                 java.sql.ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, physical.table(), new String[] {"TABLE"})) {
                                if (!rs.next()) {
                                    LOG.warn("migration unit {}: shard {} has no table {} (for {}); run `shardbridge schema --config … --unit {}` and "
                                            + "restart this instance before DUAL_WRITE: the router reads the shards' tables only at start-up",
                                            unit.name(), physical.shard(), physical.table(), table, unit.name());
                                    return;
                                }
                            } catch (SQLException e) {
                                LOG.debug("could not check shard {} for {}: {}", physical.shard(), physical.table(), e.toString());
                            }
                        }
                    });
                }
            }
        }

        /** What {@code close()} does for the intents pending: drains them within {@link #drainOnClose}, or says what it left. */
        private AutoCloseable drainBeforeClose(BacklogDrain backlogDrain, MirrorWorkers workers) {
            Duration bound = closeDrain != null ? closeDrain : repairInterval.isZero() ? Duration.ZERO : DEFAULT_CLOSE_DRAIN;
            return () -> {
                if (bound.isZero()) {
                    return;
                }
                long deadline = System.nanoTime() + bound.toNanos();
                workers.awaitIdle(bound.toMillis(), TimeUnit.MILLISECONDS); // mirror commits still running clear their own intents
                backlogDrain.drainBeforeClose(deadline);
            };
        }

        private void readDefinitions(DataSource legacyPool, Map<String, TableDefinition> definitions, Map<String, String> unmirrorable)
                throws SQLException {
            try (Connection c = legacyPool.getConnection()) {
                String schema = c.getSchema() == null ? "public" : c.getSchema();
                for (MigrationUnitConfig unit : config.migrations().values()) {
                    for (String table : unit.tables()) {
                        try {
                            definitions.put(table, PostgresCatalogReader.read(c, schema, table));
                        } catch (ShardbridgeException e) {
                            if (e.getMessage().contains("does not exist")) {
                                throw new ShardbridgeException("migrations." + unit.name() + ".tables: " + e.getMessage(), e);
                            }
                            unmirrorable.put(table, e.getMessage());
                        }
                    }
                }
            }
        }

        private static java.util.concurrent.ThreadFactory daemon(String name) {
            return r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            };
        }
    }
}
