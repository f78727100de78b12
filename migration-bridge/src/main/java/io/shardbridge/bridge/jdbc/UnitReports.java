package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.catchup.OutsideWriteCatchUp;
import io.shardbridge.bridge.catchup.SafetyNetStatus;
import io.shardbridge.bridge.control.ControlPlane;
import io.shardbridge.bridge.control.PhaseHistory;
import io.shardbridge.bridge.control.PublishedLatency;
import io.shardbridge.bridge.dualwrite.Repairer;
import io.shardbridge.bridge.readiness.Readiness;
import io.shardbridge.bridge.readiness.ReadinessReports;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.bridge.status.UnitStatus;
import io.shardbridge.bridge.verify.DeadTuples;
import io.shardbridge.bridge.control.VerificationLog;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import javax.sql.DataSource;

/**
 * What an operator reads about a unit, each assembled from the control store and both sides: status,
 * readiness, the phase and verification histories, the intents pending, the outside-writes safety net.
 * Reads only, apart from the readiness acceptances it records.
 */
final class UnitReports {
    private final BridgeRuntime runtime;
    private final Repairer repairer;
    private final ControlPlane controlPlane;
    private final DataSource control;
    private final ReadinessReports readiness;
    private final OutsideWriteCatchUp catchUp;

    UnitReports(BridgeRuntime runtime, Repairer repairer, ControlPlane controlPlane, DataSource control, ReadinessReports readiness,
                OutsideWriteCatchUp catchUp) {
        this.runtime = runtime;
        this.repairer = repairer;
        this.controlPlane = controlPlane;
        this.control = control;
        this.readiness = readiness;
        this.catchUp = catchUp;
    }

    long pendingIntents(UnitState state) throws SQLException {
        return repairer.pending(runtime.dualWrite.get(state), state.phase().authoritative());
    }

    UnitStatus status(UnitState state) throws SQLException {
        String unit = state.name();
        var row = controlPlane.store().unit(unit).orElseThrow();
        return new UnitStatus(unit, row.phase(), row.epoch(), row.fencing() ? row.fencePhase() : null, state.tables(),
                controlPlane.store().instances(unit, controlPlane.deadAfter()), Backfill.status(control, unit),
                new VerificationLog(control).latest(unit).orElse(null), pendingIntents(state),
                new PublishedLatency(control).live(unit, controlPlane.deadAfter(), null),
                deadTuples().advise(state.tables(), EnumSet.allOf(Side.class)));
    }

    Readiness readiness(UnitState state) throws SQLException {
        String unit = state.name();
        var verified = new VerificationLog(control).latest(unit);
        String last = verified.map(v -> (v.differences() == 0 ? "equal" : v.differences() + " difference(s)") + " at " + v.finishedAt()
                + " (" + v.rowsCompared() + " rows)").orElse(null);
        return readiness.report(unit, state.phase(), state.tables(), pendingIntents(state), last,
                catchUp == null ? List.of() : catchUp.readinessFindings(unit));
    }

    void acceptReadiness(UnitState state, String kind, String who) throws SQLException {
        readiness.accept(state.name(), kind, who);
    }

    void forgetReadiness(UnitState state) throws SQLException {
        readiness.forget(state.name());
    }

    List<PhaseHistory.Move> phaseHistory(UnitState state, int limit) throws SQLException {
        return new PhaseHistory(control).moves(state.name(), limit);
    }

    List<VerificationLog.Entry> verificationHistory(UnitState state, int limit) throws SQLException {
        return new VerificationLog(control).history(state.name(), limit);
    }

    SafetyNetStatus safetyNet(UnitState state) throws SQLException {
        if (catchUp == null) {
            return new SafetyNetStatus(state.name(), "turned off for this DataSource (BridgeDataSource.Builder#outsideWriteCatchUp(false))", null,
                    false, false, null, -1, -1, 0, state.config().outsideWrites().quiet(), List.of(), null, null);
        }
        return catchUp.status(state.name());
    }

    /** Reads the units' tables' dead row versions on the PostgreSQL sides, for the operator's vacuum advice. */
    DeadTuples deadTuples() {
        return new DeadTuples(runtime.legacy, runtime.shards, runtime.config.target());
    }
}
