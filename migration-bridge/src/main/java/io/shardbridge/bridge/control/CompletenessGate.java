package io.shardbridge.bridge.control;

import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * DESIGN §4: a side must be complete before anything reads from it. A move into a phase that reads
 * from the mirror — DUAL_WRITE → SHADOW (the target), RAMP_DOWN → LIVE (legacy) — is refused unless,
 * since that side began receiving mirrored writes, a backfill into it has finished for every table and
 * the latest verification, after that backfill, found both sides equal. The refusal names what is
 * missing and the command that supplies it. The move that lets legacy go, RAMP_DOWN → TARGET_ONLY, is
 * checked by {@link LetGoGate}.
 */
final class CompletenessGate {
    private final DataSource control;
    private final boolean enforced;
    private final InstanceAgent.MirroringStarted mirroringStarted;

    /**
     * @param enforced         false only for tests whose tables start empty (see {@code BridgeDataSource.Builder#requireBackfillBeforeReads})
     * @param mirroringStarted told when a recorded move makes a side begin receiving mirrored writes (the backfill forgets its progress into it)
     */
    public CompletenessGate(DataSource control, boolean enforced, InstanceAgent.MirroringStarted mirroringStarted) {
        this.control = control;
        this.enforced = enforced;
        this.mirroringStarted = mirroringStarted;
    }

    void check(String unit, ControlStore.UnitRow row, MigrationPhase from, MigrationPhase to, List<String> tables) throws SQLException {
        if (from == MigrationPhase.RAMP_DOWN && to == MigrationPhase.TARGET_ONLY) {
            if (enforced) {
                new LetGoGate(control).check(unit); // legacy stops receiving writes: it must be equal first
            }
            return;
        }
        Side side = from == MigrationPhase.DUAL_WRITE && to == MigrationPhase.SHADOW ? Side.TARGET
                : from == MigrationPhase.RAMP_DOWN && to == MigrationPhase.LIVE ? Side.LEGACY : null;
        Instant since = side == null ? null : row.mirroringSince(side);
        if (!enforced || since == null) {
            return; // not a move into reading the mirror, or that side has received every write
        }
        String name = side.name().toLowerCase(java.util.Locale.ROOT);
        String refused = "migration unit " + unit + " cannot move " + from + " -> " + to + ": " + to + " reads from " + name
                + ", which has received mirrored writes only since " + since + ", and ";
        Map<String, BackfillRecords.Table> backfills = new BackfillRecords(control).into(unit, side);
        List<String> missing = new ArrayList<>();
        Instant backfilled = since;
        for (String table : tables) {
            BackfillRecords.Table b = backfills.get(table);
            if (b == null || !b.done() || b.startedAt().isBefore(since)) {
                missing.add(table);
            } else if (b.updatedAt().isAfter(backfilled)) {
                backfilled = b.updatedAt();
            }
        }
        if (!missing.isEmpty()) {
            throw new SQLException(refused + "no finished backfill into it covers " + missing + " since then. Run `shardbridge backfill --config … "
                    + "--unit " + unit + "`, then `shardbridge verify`, then move again.", "55000");
        }
        Optional<VerificationLog.Entry> verified = new VerificationLog(control).latest(unit);
        if (verified.isEmpty() || !verified.get().finishedAt().isAfter(backfilled)) {
            throw new SQLException(refused + "it was backfilled at " + backfilled + " but not verified since. Run `shardbridge verify --config … "
                    + "--unit " + unit + "` and move again once it reports both sides equal.", "55000");
        }
        if (!verified.get().equal()) {
            throw new SQLException(refused + "its latest verification (" + verified.get().finishedAt() + ") found " + verified.get().differences()
                    + " difference(s). Run `shardbridge repair --config … --unit " + unit + "` (it verifies again) and move again.", "55000");
        }
    }

    /** That side begins receiving mirrored writes: earlier backfills into it no longer count. */
    void mirroringStarted(String unit, Side side) throws SQLException {
        mirroringStarted.started(unit, side);
    }
}
