package io.shardbridge.bridge.catchup;

import io.shardbridge.bridge.control.ControlStore;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.CaptureMode;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationUnitConfig.OutsideWriteSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catch-up's part of a phase move (DESIGN §10): the slot's life cycle around it, and the outside-writes
 * wait of a move that makes the target authoritative.
 *
 * <p>The slot is created before a move to DUAL_WRITE is recorded, so every change committed once the
 * target begins receiving mirrored writes is in the stream; a backfill (which starts after the move, and
 * after the slot exists) covers what was committed before. It is dropped when the unit returns to
 * LEGACY_ONLY or reaches TARGET_ONLY — by the move itself, and by any instance's stream that finds the
 * unit there later. A flip to LIVE is refused while writes outside shardbridge were seen within the quiet
 * window (they would be lost once legacy no longer counts), and waits, fenced, until the stream has
 * applied legacy's WAL up to the fence ({@link FenceCatchUpWait}).
 */
final class MoveGate {
    private static final Logger LOG = LoggerFactory.getLogger(MoveGate.class);

    private final Map<String, DualWriteUnit> units;
    private final Function<String, LegacySlot> slots;
    private final Map<String, CatchUpStream> streams;
    private final CatchUpRecords records;
    private final ControlStore store;
    private final Ticker ticker;

    MoveGate(Map<String, DualWriteUnit> units, Function<String, LegacySlot> slots, Map<String, CatchUpStream> streams, CatchUpRecords records,
             ControlStore store, Ticker ticker) {
        this.units = units;
        this.slots = slots;
        this.streams = streams;
        this.records = records;
        this.store = store;
        this.ticker = ticker;
    }

    /** See {@link OutsideWriteCatchUp#beforeMove}. */
    void beforeMove(String unit, MigrationPhase from, MigrationPhase to, long epoch, boolean accept) throws SQLException {
        if (!settings(unit).catchUp()) {
            return;
        }
        if (from == MigrationPhase.LEGACY_ONLY && to == MigrationPhase.DUAL_WRITE) {
            LegacySlot slot = slots.apply(unit);
            records.forgetWrites(unit);
            var unavailable = slot.unavailable();
            if (unavailable.isPresent() && logical(unit)) {
                throw new SQLException("migration unit " + unit + " cannot move " + from + " -> " + to + ": it is configured with capture: logical "
                        + "(migrations." + unit + ".capture), in which only legacy's replication stream brings the unit's writes to the target, but "
                        + unavailable.get() + ". Fix legacy, or set capture: statement. The unit stays at " + from + ".", "55000");
            }
            if (unavailable.isPresent()) {
                records.offReason(unit, unavailable.get());
                LOG.warn("migration unit {}: the safety net for writes made outside shardbridge is OFF: {}", unit, unavailable.get());
                return;
            }
            try {
                slot.ensure(units.get(unit).state().tables());
                records.slotWanted(unit, epoch + 1);
                records.offReason(unit, null);
            } catch (SQLException e) {
                if (logical(unit)) {
                    throw new SQLException("migration unit " + unit + " (capture: logical) cannot move " + from + " -> " + to + ": its replication "
                            + "slot cannot be created on legacy (" + e.getMessage() + "), and without it no write would reach the target. The unit "
                            + "stays at " + from + ".", "55000", e);
                }
                records.offReason(unit, e.getMessage());
                LOG.warn("migration unit {}: {}; the unit moves on with statement capture alone, and instances retry the slot", unit, e.getMessage());
            }
        }
        if (from.authoritative() == Side.LEGACY && to.authoritative() == Side.TARGET) {
            requireQuiet(unit, from, to, accept);
        }
    }

    /** See {@link OutsideWriteCatchUp#whileFenced}. */
    void whileFenced(String unit, MigrationPhase from, MigrationPhase to, Duration timeout, boolean accept) throws SQLException {
        if (!settings(unit).catchUp() || from.authoritative() != Side.LEGACY || to.authoritative() != Side.TARGET) {
            return;
        }
        LegacySlot slot = slots.apply(unit);
        boolean logical = logical(unit);
        var unavailable = slot.unavailable();
        if (unavailable.isPresent() && logical) {
            throw new SQLException("migration unit " + unit + " (capture: logical) cannot move " + from + " -> " + to + ": the target receives "
                    + "the unit's writes only through the replication stream, and " + unavailable.get() + ". Fix legacy and move again.", "55000");
        }
        if (unavailable.isPresent()) {
            return; // statement capture alone; status says so
        }
        // capture: logical — the stream is the only path of the service's own writes to the target: no override skips this wait
        boolean skippable = accept && !logical;
        long fence = slot.currentLsn(); // taken once the fence drained: every transaction of the unit committed ends at or below it
        FenceCatchUpWait.Result waited = FenceCatchUpWait.await(() -> slot.health()
                .map(h -> OptionalLong.of(h.confirmedLsn())).orElse(OptionalLong.empty()), fence, timeout, ticker);
        if (waited.outcome() == FenceCatchUpWait.Outcome.SLOT_MISSING && !skippable) {
            if (!logical && records.row(unit).map(CatchUpRecords.Row::slotEpoch).isEmpty()) {
                // no process ever created the slot for this unit (it was first recorded already mirroring, and no service
                // instance has consumed since): nothing was observed, as with statement capture alone
                LOG.warn("migration unit {}: {} -> {} without the safety net: no instance has consumed a replication slot for the unit, "
                        + "so writes made outside shardbridge were neither caught up nor reported; only a verification shows them",
                        unit, from, to);
                return;
            }
            throw new SQLException("migration unit " + unit + " cannot move " + from + " -> " + to + ": its replication slot "
                    + slot.names().slot() + " is missing on legacy, so writes made outside shardbridge may not have reached the target. "
                    + (logical ? "With capture: logical the unit's own writes since the slot was lost are not on the target either: move the "
                    + "unit back to LEGACY_ONLY, then to DUAL_WRITE again (a fresh backfill follows)."
                    : "Look at `shardbridge status` (why the safety net is off), or move with --accept-outside-writes."), "55000");
        }
        if (waited.outcome() == FenceCatchUpWait.Outcome.TIMED_OUT && !skippable) {
            throw new SQLException("migration unit " + unit + " cannot move " + from + " -> " + to + ": the catch-up stream has applied "
                    + "legacy's changes only up to " + FenceCatchUpWait.lsn(waited.confirmed()) + ", not yet up to the fence at "
                    + FenceCatchUpWait.lsn(fence) + " (waited " + timeout.toMillis() + " ms). Check that a service instance runs and consumes slot "
                    + slot.names().slot() + " (`shardbridge status`), then move again.", "55000");
        }
        if (!accept) { // an override was recorded before the fence
            requireQuiet(unit, from, to, false);
        }
    }

    /** See {@link OutsideWriteCatchUp#requireSlotBeforeBackfill}. */
    void requireSlotBeforeBackfill(String unit) throws SQLException {
        LegacySlot slot = slots.apply(unit);
        MigrationPhase phase = units.get(unit).state().phase();
        if (!settings(unit).catchUp() || phase.authoritative() != Side.LEGACY || slot.unavailable().isPresent() || slot.exists()) {
            return;
        }
        try {
            slot.ensure(units.get(unit).state().tables());
            records.slotWanted(unit, store.unit(unit).map(r -> r.epoch()).orElse(0L));
            LOG.info("migration unit {}: created replication slot {} before the backfill", unit, slot.names().slot());
        } catch (SQLException e) {
            throw new SQLException("migration unit " + unit + ": the backfill waits for the catch-up's replication slot " + slot.names().slot()
                    + ", which does not exist yet and cannot be created now (" + e.getMessage() + "): rows written outside shardbridge before "
                    + "the slot exists reach the target only through a backfill that starts after it. Retry, or look at `shardbridge status`. "
                    + "(migrations." + unit + ".catch-up: false runs the unit without the safety net.)", "55000", e);
        }
    }

    /** See {@link OutsideWriteCatchUp#afterMove}. */
    void afterMove(String unit, MigrationPhase to) throws SQLException {
        if (!CatchUpStream.wantsSlot(to)) {
            CatchUpStream own = streams.get(unit);
            if (own != null) {
                own.closeBeforeDrop();
            }
            LegacySlot slot = slots.apply(unit);
            if (slot.drop()) {
                LOG.info("migration unit {}: at {}, replication slot {} dropped", unit, to, slot.names().slot());
            }
            records.slotWanted(unit, null);
        }
    }

    private void requireQuiet(String unit, MigrationPhase from, MigrationPhase to, boolean accept) throws SQLException {
        OutsideWriteSettings settings = settings(unit);
        List<OutsideWrites> recent = records.writes(unit, settings.quiet()).stream().filter(OutsideWrites::recent).toList();
        if (recent.isEmpty()) {
            return;
        }
        String list = recent.stream().map(w -> w.table() + ": " + w.count() + " write(s) by " + w.writer() + ", last at " + w.lastSeen())
                .collect(Collectors.joining("; "));
        if (accept) {
            String note = from + " -> " + to + " with recent writes outside shardbridge: " + list;
            records.accepted(unit, note);
            LOG.warn("migration unit {}: OVERRIDE (--accept-outside-writes): {}", unit, note);
            return;
        }
        throw new SQLException("migration unit " + unit + " cannot move " + from + " -> " + to + ": rows of its tables were written outside "
                + "shardbridge within the last " + settings.quiet().toMillis() + " ms (migrations." + unit + ".outside-writes-quiet-ms): " + list
                + ". After the flip legacy no longer counts, and such writes would be lost. Move that writer to shardbridge (or its tables into "
                + "the unit), wait until `shardbridge status` shows none within the window, and move again; or, once sure it has stopped, "
                + "override with `shardbridge phase --accept-outside-writes` (the override is recorded).", "55000");
    }

    private OutsideWriteSettings settings(String unit) {
        return units.get(unit).state().config().outsideWrites();
    }

    private boolean logical(String unit) {
        return settings(unit).capture() == CaptureMode.LOGICAL;
    }
}
