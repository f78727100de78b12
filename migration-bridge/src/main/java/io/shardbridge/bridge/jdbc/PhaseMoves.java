package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.catchup.OutsideWriteCatchUp;
import io.shardbridge.bridge.control.ControlPlane;
import io.shardbridge.bridge.control.Coordinator;
import io.shardbridge.bridge.control.PhaseFlagRequests;
import io.shardbridge.bridge.control.PhaseHistory;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.dualwrite.Repairer;
import io.shardbridge.bridge.readiness.Readiness;
import io.shardbridge.bridge.readiness.ReadinessReports;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationUnitConfig;
import io.shardbridge.config.ShardbridgeConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A unit's phase moves as the operator asks for them (DESIGN §4): one step at a time, through the
 * gates, with the work an authority flip needs done while every instance holds the fence.
 *
 * <p>Why a flip loses nothing: the {@link ControlPlane} fences the unit on every live instance before
 * {@code whileFenced} runs, so no transaction of the unit is writing; the intents of the old authoritative
 * side are drained then (a step that leaves any behind is refused, and the unit stays where it was), the
 * catch-up takes the last outside writes from its slot, and the sequence keys change hands — all before
 * the new phase is recorded. The readiness gate and the catch-up's quiet-time check run before the fence,
 * so a refused move costs the service no pause.
 */
final class PhaseMoves {
    private static final Logger LOG = LoggerFactory.getLogger(PhaseMoves.class);

    private final BridgeRuntime runtime;
    private final Repairer repairer;
    private final ControlPlane controlPlane;
    private final DataSource control;
    private final UnitReports reports;
    private final OutsideWriteCatchUp catchUp;
    private final boolean readinessGate;
    private final Ticker ticker;
    private final PhaseFlagRequests flagRequests;

    PhaseMoves(BridgeRuntime runtime, Repairer repairer, ControlPlane controlPlane, DataSource control, UnitReports reports,
               OutsideWriteCatchUp catchUp, boolean readinessGate, Ticker ticker) {
        this.runtime = runtime;
        this.repairer = repairer;
        this.controlPlane = controlPlane;
        this.control = control;
        this.reports = reports;
        this.catchUp = catchUp;
        this.readinessGate = readinessGate;
        this.ticker = ticker;
        this.flagRequests = new PhaseFlagRequests(control, controlPlane.store());
    }

    /** See {@link Bridge#moveTo(String, MigrationPhase, boolean, Consumer)}. */
    void moveTo(UnitState state, MigrationPhase wanted, boolean acceptOutsideWrites, Consumer<Coordinator.Progress> progress) throws SQLException {
        String unit = state.name();
        DualWriteUnit dualWrite = runtime.dualWrite.get(state);
        MigrationPhase current = state.phase();
        long started = ticker.nanoTime();
        MigrationPhase step = (wanted.ordinal() > current.ordinal() ? current.next() : wanted.ordinal() < current.ordinal() ? current.previous()
                : Optional.<MigrationPhase>empty()).orElse(current);
        if (readinessGate && !current.targetIsAuthoritative() && step.targetIsAuthoritative()) {
            Readiness report = reports.readiness(state);
            if (acceptOutsideWrites) { // the catch-up's own gate records that override
                report = new Readiness(report.unit(), report.phase(), report.target(), report.generatedAt(), report.shapes(),
                        report.findings().stream().filter(f -> !OutsideWriteCatchUp.acceptedWithOutsideWrites(f)).toList(), report.accepted());
            }
            ReadinessReports.requireNoBlockers(report, current, step);
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
            controlPlane.move(state, wanted, (from, to) -> whileFenced(state, dualWrite, from, to, acceptOutsideWrites), progress);
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
            new PhaseHistory(control).record(new PhaseHistory.Move(unit, current, state.phase(), epoch, Instant.ofEpochMilli(ticker.currentTimeMillis()),
                    (ticker.nanoTime() - started) / 1_000_000, controlPlane.instance()));
        }
    }

    /** What a step does while every instance holds the unit's fence (see the class comment). */
    private void whileFenced(UnitState state, DualWriteUnit dualWrite, MigrationPhase from, MigrationPhase to, boolean acceptOutsideWrites)
            throws SQLException {
        String unit = state.name();
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
    }

    /** See {@link Bridge#applyDesiredPhases}. */
    void applyDesiredPhases(ShardbridgeConfig desired) throws SQLException {
        for (MigrationUnitConfig unit : desired.migrations().values()) {
            UnitState state = runtime.units.named(unit.name()).orElse(null);
            if (state != null) {
                MigrationPhase recorded = controlPlane.store().unit(unit.name()).map(r -> r.phase()).orElse(state.phase());
                if (recorded != unit.phase()) {
                    moveTo(state, unit.phase(), false, p -> { });
                }
            }
        }
    }

    /** See {@link Bridge#followPhaseFlags}. */
    Map<String, MigrationPhase> followPhaseFlags(ShardbridgeConfig flags) throws SQLException {
        Map<String, MigrationPhase> wanted = new LinkedHashMap<>();
        flags.migrations().values().stream().filter(u -> runtime.units.named(u.name()).isPresent()).forEach(u -> wanted.put(u.name(), u.phase()));
        return flagRequests.follow(wanted, (unit, phase) -> moveTo(Bridge.unitNamed(runtime, unit), phase, false, p -> { }));
    }
}
