package io.shardbridge.bridge.catchup;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardbridge.bridge.control.ControlStore;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.dualwrite.Repairer;
import io.shardbridge.config.CaptureMode;
import io.shardbridge.config.DatabaseEndpoint;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationUnitConfig.OutsideWriteSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DESIGN §10 for one DataSource: the catch-up streams of its units (consumed here when this instance
 * holds a unit's lease), the slot's life cycle around phase moves, the outside-writes wait of a move that
 * makes the target authoritative, and the status and metrics of all of it.
 *
 * <p>The slot is created before a move to DUAL_WRITE is recorded, so every change committed once the
 * target begins receiving mirrored writes is in the stream; a backfill (which starts after the move) covers
 * what was committed before. It is dropped when the unit returns to LEGACY_ONLY or reaches TARGET_ONLY —
 * by the move itself, and by any instance's stream that finds the unit there later.
 */
public final class OutsideWriteCatchUp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutsideWriteCatchUp.class);
    private static final long STEP_MILLIS = 10;
    private static final long REPORT_MILLIS = 2_000;

    /** Everything the catch-up needs from the DataSource that owns it. */
    public record Wiring(Map<String, DualWriteUnit> units, Repairer repairer, DataSource legacy, DatabaseEndpoint legacyEndpoint,
                         DataSource control, String controlUrl, ControlStore store, MeterRegistry registry, String instance, Duration leaseTtl,
                         DataSource target) {
    }

    private final Wiring wiring;
    private final CatchUpRecords records;
    private final CatchUpMeters meters;
    private final Map<String, LegacySlot> slots = new LinkedHashMap<>();
    private final Map<String, CatchUpStream> streams = new LinkedHashMap<>();
    private final ScheduledExecutorService executor;

    private OutsideWriteCatchUp(Wiring wiring, boolean consume) {
        this.wiring = wiring;
        this.records = new CatchUpRecords(wiring.control());
        this.meters = new CatchUpMeters(wiring.registry());
        String database = SlotNames.database(wiring.legacyEndpoint().url());
        for (DualWriteUnit unit : wiring.units().values()) {
            String name = unit.state().name();
            LegacySlot slot = new LegacySlot(wiring.legacy(), SlotNames.of(database, wiring.controlUrl(), name));
            slots.put(name, slot);
            if (consume && settings(name).catchUp()) {
                streams.put(name, new CatchUpStream(unit, wiring.repairer(), slot, records, wiring.store(), wiring.legacyEndpoint(), wiring.instance(),
                        wiring.leaseTtl(), meters, new TargetTruncation(wiring.target())));
            }
        }
        this.executor = Executors.newScheduledThreadPool(Math.max(1, streams.size()), r -> {
            Thread t = new Thread(r, "shardbridge-catchup");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the catch-up for every unit with {@code catch-up: true}; {@code consume} false for one-off
     * processes (the CLI), which manage slots and check the wait but leave consuming to the service's instances.
     */
    public static OutsideWriteCatchUp start(Wiring wiring, boolean consume) throws SQLException {
        OutsideWriteCatchUp catchUp = new OutsideWriteCatchUp(wiring, consume);
        catchUp.records.ensureSchema();
        catchUp.warnAboutOrphanSlots();
        for (CatchUpStream stream : catchUp.streams.values()) {
            catchUp.executor.scheduleWithFixedDelay(stream::step, 0, STEP_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (consume) {
            catchUp.executor.scheduleWithFixedDelay(catchUp::refreshMeters, REPORT_MILLIS, REPORT_MILLIS, TimeUnit.MILLISECONDS);
        }
        return catchUp;
    }

    private OutsideWriteSettings settings(String unit) {
        return wiring.units().get(unit).state().config().outsideWrites();
    }

    /** The unit's safety net: slot, consumer, retained WAL and the outside-writes report. */
    public SafetyNetStatus status(String unit) throws SQLException {
        LegacySlot slot = slot(unit);
        OutsideWriteSettings settings = settings(unit);
        CatchUpRecords.Row row = records.row(unit).orElse(null);
        String off = !settings.catchUp() ? "turned off for this unit (migrations." + unit + ".catch-up: false)"
                : slot.unavailable().orElse(row == null ? null : row.offReason());
        var health = slot.health();
        boolean leased = row != null && row.holder() != null && row.leaseUntil() != null && row.leaseUntil().isAfter(java.time.Instant.now());
        List<OutsideWrites> writes = records.writes(unit, settings.quiet());
        SafetyNetStatus status = new SafetyNetStatus(unit, off, slot.names().slot(), health.isPresent(), health.map(LegacySlot.Health::active)
                .orElse(false), leased ? row.holder() : null, health.map(LegacySlot.Health::retainedBytes).orElse(-1L),
                health.map(LegacySlot.Health::lagBytes).orElse(-1L), settings.slotWarnBytes(), settings.quiet(), writes,
                row == null ? null : row.acceptedAt(), row == null ? null : row.acceptedNote());
        meters.report(unit, writes);
        meters.slot(unit, status.on(), status.retainedBytes(), status.lagBytes());
        return status;
    }

    /** The unit's pre-flight findings for its readiness report: recent writes made outside shardbridge, a safety net that is off. */
    public List<io.shardbridge.bridge.readiness.Readiness.Finding> readinessFindings(String unit) throws SQLException {
        if (!settings(unit).catchUp()) {
            return List.of();
        }
        return OutsideWriteFindings.of(status(unit), settings(unit).capture());
    }

    /** The kind of the readiness finding that {@code --accept-outside-writes} overrides (the flip gate's own override). */
    public static boolean acceptedWithOutsideWrites(io.shardbridge.bridge.readiness.Readiness.Finding finding) {
        return OutsideWriteFindings.OUTSIDE_WRITES.equals(finding.kind());
    }

    /**
     * Before a move is recorded. Into DUAL_WRITE: the slot is created (best effort: when legacy cannot have
     * one, the unit goes on with statement capture alone and its status says why; under {@code capture:
     * logical}, where the stream is the only way to the target, the move is refused instead) and a fresh
     * report begins. Into a phase where the target is authoritative: refused while writes outside shardbridge
     * were seen within the quiet window, unless {@code accept}, which is recorded.
     */
    public void beforeMove(String unit, MigrationPhase from, MigrationPhase to, long epoch, boolean accept) throws SQLException {
        if (!settings(unit).catchUp()) {
            return;
        }
        if (from == MigrationPhase.LEGACY_ONLY && to == MigrationPhase.DUAL_WRITE) {
            LegacySlot slot = slot(unit);
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
                slot.ensure(wiring.units().get(unit).state().tables());
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

    /**
     * While every instance is fenced for a flip that makes the target authoritative: waits until the
     * stream has applied legacy's WAL up to now (nothing written before the flip is left for after it),
     * then checks the quiet window again.
     */
    public void whileFenced(String unit, MigrationPhase from, MigrationPhase to, Duration timeout, boolean accept) throws SQLException {
        if (!settings(unit).catchUp() || from.authoritative() != Side.LEGACY || to.authoritative() != Side.TARGET) {
            return;
        }
        LegacySlot slot = slot(unit);
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
        long deadline = System.nanoTime() + timeout.toNanos();
        long confirmed = -1;
        while (true) {
            var health = slot.health();
            if (health.isEmpty()) {
                if (skippable) {
                    break;
                }
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
            confirmed = health.get().confirmedLsn();
            if (confirmed >= fence) {
                break;
            }
            if (System.nanoTime() > deadline) {
                if (skippable) {
                    break;
                }
                throw new SQLException("migration unit " + unit + " cannot move " + from + " -> " + to + ": the catch-up stream has applied "
                        + "legacy's changes only up to " + lsn(confirmed) + ", not yet up to the fence at " + lsn(fence) + " (waited "
                        + timeout.toMillis() + " ms). Check that a service instance runs and consumes slot " + slot.names().slot()
                        + " (`shardbridge status`), then move again.", "55000");
            }
            sleep(20);
        }
        if (!accept) { // an override was recorded before the fence
            requireQuiet(unit, from, to, false);
        }
    }

    /**
     * A backfill into the target starts only once the slot exists (when legacy can have one): a row written
     * outside shardbridge before the slot was created is covered only by a backfill chunk that reads it
     * later, so the backfill must begin after the stream does, or such a row is on neither path.
     */
    public void requireSlotBeforeBackfill(String unit) throws SQLException {
        LegacySlot slot = slot(unit);
        MigrationPhase phase = wiring.units().get(unit).state().phase();
        if (!settings(unit).catchUp() || phase.authoritative() != Side.LEGACY || slot.unavailable().isPresent() || slot.exists()) {
            return;
        }
        try {
            slot.ensure(wiring.units().get(unit).state().tables());
            records.slotWanted(unit, wiring.store().unit(unit).map(r -> r.epoch()).orElse(0L));
            LOG.info("migration unit {}: created replication slot {} before the backfill", unit, slot.names().slot());
        } catch (SQLException e) {
            throw new SQLException("migration unit " + unit + ": the backfill waits for the catch-up's replication slot " + slot.names().slot()
                    + ", which does not exist yet and cannot be created now (" + e.getMessage() + "): rows written outside shardbridge before "
                    + "the slot exists reach the target only through a backfill that starts after it. Retry, or look at `shardbridge status`. "
                    + "(migrations." + unit + ".catch-up: false runs the unit without the safety net.)", "55000", e);
        }
    }

    /** After a move is recorded: at LEGACY_ONLY or TARGET_ONLY the slot has no more use and is dropped. */
    public void afterMove(String unit, MigrationPhase to) throws SQLException {
        if (!CatchUpStream.wantsSlot(to)) {
            CatchUpStream own = streams.get(unit);
            if (own != null) {
                own.closeBeforeDrop();
            }
            if (slot(unit).drop()) {
                LOG.info("migration unit {}: at {}, replication slot {} dropped", unit, to, slot(unit).names().slot());
            }
            records.slotWanted(unit, null);
        }
    }

    /** A move was refused or failed before it was recorded: a slot created for it goes again. */
    public void moveFailed(String unit, MigrationPhase from, MigrationPhase to) throws SQLException {
        if (from == MigrationPhase.LEGACY_ONLY && to == MigrationPhase.DUAL_WRITE) {
            afterMove(unit, from);
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

    private boolean logical(String unit) {
        return settings(unit).capture() == CaptureMode.LOGICAL;
    }

    private LegacySlot slot(String unit) {
        LegacySlot slot = slots.get(unit);
        if (slot == null) {
            throw new IllegalArgumentException("no migration unit named '" + unit + "'");
        }
        return slot;
    }

    private void refreshMeters() {
        for (String unit : slots.keySet()) {
            try {
                status(unit);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("migration unit {}: could not refresh the safety net's metrics: {}", unit, e.toString());
            }
        }
        streams.keySet().forEach(this::warnAboutSlot);
    }

    private final Map<String, Long> warned = new java.util.concurrent.ConcurrentHashMap<>();

    private void warnAboutSlot(String unit) {
        try {
            var health = slot(unit).health();
            long limit = settings(unit).slotWarnBytes();
            if (health.isPresent() && health.get().retainedBytes() > limit) {
                long now = System.nanoTime();
                Long last = warned.get(unit);
                if (last == null || now - last > TimeUnit.MINUTES.toNanos(1)) {
                    warned.put(unit, now);
                    LOG.warn("migration unit {}: replication slot {} keeps {} MB of WAL on legacy (more than catch-up-warn-mb = {}); a stalled "
                            + "slot fills legacy's disk. Check that an instance consumes it (`shardbridge status`), or move the unit to "
                            + "LEGACY_ONLY, which drops it.", unit, slot(unit).names().slot(), health.get().retainedBytes() >> 20, limit >> 20);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("slot health of {}: {}", unit, e.toString());
        }
    }

    /**
     * A slot of this deployment (same legacy database and control store) whose unit is no longer configured
     * has no one left to drop it, and keeps WAL on legacy for ever: say so at start, with the statement.
     */
    private void warnAboutOrphanSlots() {
        if (slots.isEmpty()) {
            return;
        }
        String any = slots.values().iterator().next().names().slot();
        String suffix = any.substring(any.lastIndexOf('_'));
        java.util.Set<String> ours = slots.values().stream().map(s -> s.names().slot()).collect(Collectors.toSet());
        try (var c = wiring.legacy().getConnection(); var ps = c.prepareStatement("SELECT slot_name FROM pg_replication_slots "
                + "WHERE database = current_database() AND slot_name LIKE 'sb\\_%' AND right(slot_name, ?) = ?")) {
            ps.setInt(1, suffix.length());
            ps.setString(2, suffix);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!ours.contains(rs.getString(1))) {
                        LOG.warn("replication slot {} on legacy was created by shardbridge for a migration unit that is no longer configured; it "
                                + "keeps WAL on legacy until dropped: SELECT pg_drop_replication_slot('{}'); DROP PUBLICATION \"{}\";",
                                rs.getString(1), rs.getString(1), rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            LOG.debug("could not look for replication slots of removed units: {}", e.toString());
        }
    }

    /** Stops one unit's stream as a crashed process would: nothing confirmed, the lease left to run out (tests). */
    public void crash(String unit) {
        CatchUpStream stream = streams.get(unit);
        if (stream != null) {
            stream.crash();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.values().forEach(CatchUpStream::close);
    }

    private static String lsn(long value) {
        return value < 0 ? "?" : Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.sql.SQLTransientException("interrupted while waiting for the catch-up stream", "40001", e);
        }
    }
}
