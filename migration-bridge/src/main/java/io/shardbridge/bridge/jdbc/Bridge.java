package io.shardbridge.bridge.jdbc;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.backfill.ServiceLatencySignal;
import io.shardbridge.bridge.catchup.OutsideWriteCatchUp;
import io.shardbridge.bridge.catchup.SafetyNetStatus;
import io.shardbridge.bridge.control.ControlPlane;
import io.shardbridge.bridge.control.Coordinator;
import io.shardbridge.bridge.control.PhaseHistory;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.dualwrite.IntentJanitor;
import io.shardbridge.bridge.dualwrite.MirrorWorkers;
import io.shardbridge.bridge.dualwrite.Repairer;
import io.shardbridge.bridge.metrics.BridgeMetrics;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.readiness.Readiness;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.bridge.status.UnitStatus;
import io.shardbridge.bridge.verify.ContinuousVerifier;
import io.shardbridge.bridge.control.VerificationLog;
import io.shardbridge.bridge.verify.Verifier;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's handle on a running migration layer: move a unit's phase, backfill, verify, repair, and
 * read its status and readiness. Every instance of the service has one, behind its {@link BridgeDataSource}
 * ({@link BridgeDataSource#bridge()}); the CLI and the actuator endpoint call the same methods.
 *
 * <pre>{@code
 * try (BridgeDataSource ds = BridgeDataSource.builder(config).open()) {
 *     Bridge bridge = ds.bridge();
 *     bridge.moveTo("cards", MigrationPhase.DUAL_WRITE);
 *     bridge.backfill("cards").run(progress -> { });
 *     VerifyReport report = bridge.verifier("cards").run();
 *     bridge.repair("cards", report);
 *     bridge.moveTo("cards", MigrationPhase.SHADOW);
 * }
 * }</pre>
 *
 * Units are named as in the configuration; an unknown name throws a {@link ShardbridgeException} listing the
 * configured ones. State lives in the control store: what these methods report is read there, and a move
 * is made on every instance of the service, not only this one.
 */
public final class Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

    private final BridgeRuntime runtime;
    private final Repairer repairer;
    private final IntentJanitor janitor;
    private final MirrorWorkers workers;
    private final BridgeMetrics metrics;
    private final ControlPlane controlPlane;
    private final DataSource control;
    private final OutsideWriteCatchUp catchUp;
    private final UnitReports reports;
    private final PhaseMoves moves;
    private final List<AutoCloseable> closeOrder;
    private final AtomicBoolean closing = new AtomicBoolean();

    Bridge(BridgeParts parts) {
        this.runtime = parts.runtime();
        this.repairer = parts.repairer();
        this.janitor = parts.janitor();
        this.workers = parts.workers();
        this.metrics = parts.metrics();
        this.controlPlane = parts.controlPlane();
        this.control = parts.control();
        this.catchUp = parts.catchUp();
        this.closeOrder = List.copyOf(parts.closeOrder());
        this.reports = new UnitReports(runtime, repairer, controlPlane, control, parts.readiness(), catchUp);
        this.moves = new PhaseMoves(runtime, repairer, controlPlane, control, reports, catchUp, parts.readinessGate(), parts.ticker());
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
    public void moveTo(String unit, MigrationPhase wanted, Consumer<Coordinator.Progress> progress) throws SQLException {
        moveTo(unit, wanted, false, progress);
    }

    /**
     * As {@link #moveTo(String, MigrationPhase, Consumer)}. A move that makes the target authoritative also
     * waits for writes made outside shardbridge (DESIGN §10): it is refused while some were seen within
     * {@code outside-writes-quiet-ms}, unless {@code acceptOutsideWrites} (recorded).
     */
    public void moveTo(String unit, MigrationPhase wanted, boolean acceptOutsideWrites, Consumer<Coordinator.Progress> progress)
            throws SQLException {
        moves.moveTo(state(unit), wanted, acceptOutsideWrites, progress);
    }

    /** Moves every unit toward the phase its configuration asks for (one step per call, as DESIGN §4 requires). */
    public void applyDesiredPhases(ShardbridgeConfig desired) throws SQLException {
        moves.applyDesiredPhases(desired);
    }

    /**
     * Follows the {@code phase} flags of a re-read configuration the way a running service should: only a flag
     * that changed since this instance last saw it (at start-up: since the flag last recorded in the control
     * store) requests a move, one step per call until reached; an unchanged flag never undoes a move made by the
     * actuator or the CLI. Returns the units still on their way. See {@link io.shardbridge.bridge.control.PhaseFlagRequests}.
     */
    public Map<String, MigrationPhase> followPhaseFlags(ShardbridgeConfig flags) throws SQLException {
        return moves.followPhaseFlags(flags);
    }

    // ---- backfill, verification, repair

    /**
     * A backfill of the unit's existing rows into the side that receives its mirrored writes (DESIGN §6);
     * configure it, then {@link Backfill#run}. Its checkpoints live in the control store.
     */
    public Backfill backfill(String unit) {
        DualWriteUnit dualWrite = runtime.dualWrite.get(state(unit));
        return new Backfill(dualWrite, runtime.legacy, runtime.target, runtime.config.target().dialect(), control)
                .latencySignal(ServiceLatencySignal.of(dualWrite.meters().serviceLatency()::ratio,
                        () -> controlPlane.publishedLatency(unit).stream().mapToDouble(l -> l.ratio()).findFirst()))
                .deadTuples(reports.deadTuples())
                .precondition(() -> {
                    controlPlane.requireEveryInstanceMirroring(unit, "a backfill");
                    if (catchUp != null) {
                        catchUp.requireSlotBeforeBackfill(unit);
                    }
                });
    }

    /** A chunk-checksum comparison of the unit's tables on both sides (DESIGN §7); configure it, then {@link Verifier#run}. */
    public Verifier verifier(String unit) {
        return new Verifier(runtime.dualWrite.get(state(unit)), runtime.legacy, runtime.shards, runtime.config.target())
                .recordIn(new VerificationLog(control)).checkpointIn(control)
                .precondition(() -> controlPlane.requireEveryInstanceMirroring(unit, "a verification"));
    }

    /**
     * Continuous verification of the keys this instance's write transactions touch (DESIGN §7): each is
     * compared on both sides {@code settle} after its write; {@link ContinuousVerifier#start} it, close it to stop.
     */
    public ContinuousVerifier continuousVerifier(String unit, Duration settle, Consumer<VerifyReport.Difference> listener) {
        return new ContinuousVerifier(runtime.dualWrite.get(state(unit)), runtime.legacy, runtime.shards, runtime.config.target(), settle,
                listener);
    }

    /** Rewrites the mirror's copy of the rows a verification found different, from the authoritative side (idempotent). */
    public int repair(String unit, VerifyReport report) throws SQLException {
        DualWriteUnit dualWrite = runtime.dualWrite.get(state(unit));
        Map<String, List<RowImage>> byTable = new LinkedHashMap<>();
        for (VerifyReport.Difference d : report.differences()) {
            byTable.computeIfAbsent(d.table(), t -> new ArrayList<>()).add(new RowImage(d.table(), d.key()));
        }
        for (Map.Entry<String, List<RowImage>> e : byTable.entrySet()) {
            repairer.repairRows(dualWrite, dualWrite.table(e.getKey()), e.getValue());
        }
        return report.differences().size();
    }

    /** Re-applies every leftover intent of the unit now, whatever its age; returns the rows repaired. */
    public int drainIntents(String unit) throws SQLException {
        return repairer.drain(runtime.dualWrite.get(state(unit)), Duration.ZERO);
    }

    /** Intents of the unit waiting on its current authoritative side. */
    public long pendingIntents(String unit) throws SQLException {
        return reports.pendingIntents(state(unit));
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

    // ---- what an operator reads

    /** What an operator wants to see of a unit: phase, backfill progress, last verification, intents pending. */
    public UnitStatus status(String unit) throws SQLException {
        return reports.status(state(unit));
    }

    /**
     * The unit's readiness report (DESIGN §11): the statement census with how the target would run each shape,
     * the pre-flight checks on legacy's catalog, and the blockers that hold up the flip to LIVE.
     */
    public Readiness readiness(String unit) throws SQLException {
        return reports.readiness(state(unit));
    }

    /** Records that {@code who} accepts blockers of {@code kind} for the unit (shown in every report afterwards). */
    public void acceptReadiness(String unit, String kind, String who) throws SQLException {
        reports.acceptReadiness(state(unit), kind, who);
    }

    /** Forgets the unit's statement census and acceptances (a unit started afresh; tests). */
    public void forgetReadiness(String unit) throws SQLException {
        reports.forgetReadiness(state(unit));
    }

    /** The unit's recorded phase moves, oldest first (the latest {@code limit}). */
    public List<PhaseHistory.Move> phaseHistory(String unit, int limit) throws SQLException {
        return reports.phaseHistory(state(unit), limit);
    }

    /** The unit's verifications, newest first (at most {@code limit}). */
    public List<VerificationLog.Entry> verificationHistory(String unit, int limit) throws SQLException {
        return reports.verificationHistory(state(unit), limit);
    }

    /** The unit's safety net for writes made outside shardbridge (DESIGN §10): slot, retained WAL, the outside-writes report. */
    public SafetyNetStatus safetyNet(String unit) throws SQLException {
        return reports.safetyNet(state(unit));
    }

    /** The migration units in configuration order. */
    public List<String> unitNames() {
        return runtime.units.all().stream().map(UnitState::name).toList();
    }

    /** This instance's name in the control store. */
    public String instanceId() {
        return controlPlane.instance();
    }

    /** The meters of every unit, in the registry the builder was given (a private one if none). */
    public BridgeMetrics metrics() {
        return metrics;
    }

    // ---- for tools and tests

    /** The sharded target's routing DataSource (for tools and tests that read the target directly). */
    public DataSource targetDataSource() {
        return runtime.target;
    }

    /** Legacy's DataSource, as the bridge reads and writes it (for tools and tests that read legacy directly). */
    public DataSource legacyDataSource() {
        return runtime.legacy;
    }

    /** The control plane (tests: {@code crash()} an instance). */
    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** The catch-up of writes made outside shardbridge, or null when turned off (tests: {@code crash} a stream). */
    public OutsideWriteCatchUp outsideWriteCatchUp() {
        return catchUp;
    }

    /**
     * Stops the background work, drains what it can of the pending intents within the builder's
     * {@code drainOnClose}, leaves the control plane and closes the pools this bridge opened (not a legacy
     * DataSource or target handed to the builder). Closing the {@link BridgeDataSource} does the same; the
     * second call does nothing.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable closeable : closeOrder) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing {}: {}", closeable, e.toString());
            }
        }
    }

    private UnitState state(String unit) {
        return unitNamed(runtime, unit);
    }

    static UnitState unitNamed(BridgeRuntime runtime, String unit) {
        return runtime.units.named(unit).orElseThrow(() -> new ShardbridgeException("no migration unit named '" + unit
                + "'; configured units: " + runtime.units.all().stream().map(UnitState::name).toList()));
    }
}
