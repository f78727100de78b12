package io.shardbridge.bridge.catchup;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardbridge.bridge.control.ControlStore;
import io.shardbridge.bridge.dualwrite.Repairer;
import io.shardbridge.bridge.readiness.Readiness;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.DatabaseEndpoint;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationUnitConfig.OutsideWriteSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DESIGN §10 for one DataSource: the catch-up streams of its units (consumed here when this instance
 * holds a unit's lease, each stepped on a fixed delay), the slot's life cycle around phase moves and the
 * outside-writes wait of a move that makes the target authoritative ({@link MoveGate}), and the status
 * and metrics of all of it.
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
    private final Ticker ticker;
    private final CatchUpRecords records;
    private final CatchUpMeters meters;
    private final SlotWarnings warnings;
    private final Map<String, LegacySlot> slots = new LinkedHashMap<>();
    private final Map<String, CatchUpStream> streams = new LinkedHashMap<>();
    private final MoveGate moves;
    private final ScheduledExecutorService executor;

    private OutsideWriteCatchUp(Wiring wiring, boolean consume, Ticker ticker) {
        this.wiring = wiring;
        this.ticker = ticker;
        this.records = new CatchUpRecords(wiring.control());
        this.meters = new CatchUpMeters(wiring.registry());
        this.warnings = new SlotWarnings(ticker);
        String database = SlotNames.database(wiring.legacyEndpoint().url());
        for (DualWriteUnit unit : wiring.units().values()) {
            String name = unit.state().name();
            LegacySlot slot = new LegacySlot(wiring.legacy(), SlotNames.of(database, wiring.controlUrl(), name), ticker);
            slots.put(name, slot);
            if (consume && settings(name).catchUp()) {
                streams.put(name, stream(unit, slot));
            }
        }
        this.moves = new MoveGate(wiring.units(), this::slot, streams, records, wiring.store(), ticker);
        this.executor = Executors.newScheduledThreadPool(Math.max(1, streams.size()), DaemonThreads.named("catchup"));
    }

    private CatchUpStream stream(DualWriteUnit unit, LegacySlot slot) {
        String name = unit.state().name();
        CatchUpApplier applier = new CatchUpApplier(unit, wiring.repairer(), slot, wiring.store(), wiring.leaseTtl(), meters,
                new TargetTruncation(wiring.target()), new OutsideWriteReport(name, records, meters));
        return new CatchUpStream(unit, slot, records, wiring.store(), wiring.legacyEndpoint(), wiring.instance(), wiring.leaseTtl(),
                new StreamCadence(ticker, wiring.leaseTtl()), applier);
    }

    /**
     * Starts the catch-up for every unit with {@code catch-up: true}; {@code consume} false for one-off
     * processes (the CLI), which manage slots and check the wait but leave consuming to the service's instances.
     */
    public static OutsideWriteCatchUp start(Wiring wiring, boolean consume) throws SQLException {
        return start(wiring, consume, Ticker.system());
    }

    /** {@link #start(Wiring, boolean)} with the clock its timed decisions read and wait on. */
    public static OutsideWriteCatchUp start(Wiring wiring, boolean consume, Ticker ticker) throws SQLException {
        OutsideWriteCatchUp catchUp = new OutsideWriteCatchUp(wiring, consume, ticker);
        catchUp.records.ensureSchema();
        SlotWarnings.orphans(wiring.legacy(), catchUp.slots.values());
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
        Instant now = Instant.ofEpochMilli(ticker.currentTimeMillis());
        boolean leased = row != null && row.holder() != null && row.leaseUntil() != null && row.leaseUntil().isAfter(now);
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
    public List<Readiness.Finding> readinessFindings(String unit) throws SQLException {
        if (!settings(unit).catchUp()) {
            return List.of();
        }
        return OutsideWriteFindings.of(status(unit), settings(unit).capture());
    }

    /** The kind of the readiness finding that {@code --accept-outside-writes} overrides (the flip gate's own override). */
    public static boolean acceptedWithOutsideWrites(Readiness.Finding finding) {
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
        moves.beforeMove(unit, from, to, epoch, accept);
    }

    /**
     * While every instance is fenced for a flip that makes the target authoritative: waits until the
     * stream has applied legacy's WAL up to now (nothing written before the flip is left for after it),
     * then checks the quiet window again.
     */
    public void whileFenced(String unit, MigrationPhase from, MigrationPhase to, Duration timeout, boolean accept) throws SQLException {
        moves.whileFenced(unit, from, to, timeout, accept);
    }

    /**
     * A backfill into the target starts only once the slot exists (when legacy can have one): a row written
     * outside shardbridge before the slot was created is covered only by a backfill chunk that reads it
     * later, so the backfill must begin after the stream does, or such a row is on neither path.
     */
    public void requireSlotBeforeBackfill(String unit) throws SQLException {
        moves.requireSlotBeforeBackfill(unit);
    }

    /** After a move is recorded: at LEGACY_ONLY or TARGET_ONLY the slot has no more use and is dropped. */
    public void afterMove(String unit, MigrationPhase to) throws SQLException {
        moves.afterMove(unit, to);
    }

    /** A move was refused or failed before it was recorded: a slot created for it goes again. */
    public void moveFailed(String unit, MigrationPhase from, MigrationPhase to) throws SQLException {
        if (from == MigrationPhase.LEGACY_ONLY && to == MigrationPhase.DUAL_WRITE) {
            moves.afterMove(unit, from);
        }
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
        for (String unit : streams.keySet()) {
            warnings.retainedWal(unit, slot(unit), settings(unit).slotWarnBytes());
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
}
