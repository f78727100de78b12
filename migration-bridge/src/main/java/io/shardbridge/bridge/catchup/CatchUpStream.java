package io.shardbridge.bridge.catchup;

import io.shardbridge.bridge.control.ControlStore;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.config.DatabaseEndpoint;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.schema.TableDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logical-replication catch-up of one unit (DESIGN §10): consumes the unit's slot on legacy and, while
 * legacy is authoritative, brings every committed change to a unit table that shardbridge's own capture
 * did not mirror onto the target, as a row image, in commit order. This class is the consumer's life
 * cycle: lease, phase, opening and closing the stream, retrying after a failure. {@link SlotStream} reads
 * and confirms, {@link CatchUpApplier} says why what it writes is never older than legacy's row, and
 * {@link OutsideWriteReport} keeps the report.
 *
 * <p><b>Own and foreign.</b> {@link WalTransaction} tells them apart by the intents and marks in the
 * same WAL transaction. <b>Who consumes.</b> Exactly one instance: the holder of the unit's lease in the
 * control store, renewed every quarter of its length; PostgreSQL itself allows one active consumer per
 * slot, and a new holder ends the previous holder's session once that lease has run out.
 *
 * <p><b>Nothing committed before the flip is left for after it.</b> The flip to LIVE waits until the
 * stream has applied everything up to the fence's WAL position (one committed between the fence's position
 * and the recorded flip would be an alarm: the quiet window is what keeps that interval empty). Under
 * {@code capture: logical} this is how nothing is lost: the fence first drains every transaction of the
 * unit on every instance and holds new ones out, so each write the service committed before the flip has
 * a commit record that ends at or below legacy's WAL insert position read after the drain; the flip is
 * recorded only once the slot's confirmed position has passed that point, and a position is confirmed
 * only after every transaction ending there was applied — no override skips this wait, since the stream
 * is the only way those writes reach the target ({@link FenceCatchUpWait}).
 */
final class CatchUpStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpStream.class);

    private final DualWriteUnit unit;
    private final LegacySlot slot;
    private final CatchUpRecords records;
    private final ControlStore store;
    private final DatabaseEndpoint legacy;
    private final String instance;
    private final Duration leaseTtl;
    private final StreamCadence cadence;
    private final CatchUpApplier applier;
    private volatile SlotStream stream;
    private volatile boolean stopped;

    CatchUpStream(DualWriteUnit unit, LegacySlot slot, CatchUpRecords records, ControlStore store, DatabaseEndpoint legacy, String instance,
                  Duration leaseTtl, StreamCadence cadence, CatchUpApplier applier) {
        this.unit = unit;
        this.slot = slot;
        this.records = records;
        this.store = store;
        this.legacy = legacy;
        this.instance = instance;
        this.leaseTtl = leaseTtl;
        this.cadence = cadence;
        this.applier = applier;
    }

    String name() {
        return unit.state().name();
    }

    /** Whether this phase keeps the slot: from DUAL_WRITE until RAMP_DOWN. */
    static boolean wantsSlot(MigrationPhase phase) {
        return phase != MigrationPhase.LEGACY_ONLY && phase != MigrationPhase.TARGET_ONLY;
    }

    /**
     * One step: take or renew the lease, open the stream where needed, consume for a moment, apply and
     * confirm. Called on a fixed delay; every failure closes the stream, which the next step reopens from
     * the slot's confirmed position.
     */
    synchronized void step() {
        if (stopped || !cadence.mayStep()) {
            return;
        }
        try {
            if (cadence.onlyRead(stream != null)) {
                stream.round(applier::apply); // between checks of the phase and the lease, a step only reads the stream
                return;
            }
            ControlStore.UnitRow row = store.unit(name()).orElse(null);
            if (row == null) {
                return;
            }
            if (!wantsSlot(row.phase()) && row.fencePhase() == null) {
                closeStream();
                CatchUpRecords.Row catchUp = records.row(name()).orElse(null);
                if (catchUp != null && catchUp.slotEpoch() != null && row.epoch() >= catchUp.slotEpoch()) {
                    boolean dropped = slot.drop();
                    records.slotWanted(name(), null);
                    if (dropped) {
                        LOG.info("migration unit {}: at {}, replication slot {} dropped", name(), row.phase(), slot.names().slot());
                    }
                }
                if (catchUp != null && instance.equals(catchUp.holder())) {
                    records.release(name(), instance);
                }
                return;
            }
            if (!renewLease()) {
                closeStream(); // another instance consumes
                return;
            }
            if (stream == null && !openStream(row)) {
                cadence.failed();
                return;
            }
            stream.round(applier::apply);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("migration unit {}: the catch-up stream stopped ({}); it resumes from the slot's confirmed position", name(), e.toString());
            LOG.debug("catch-up failure", e);
            closeStream();
            cadence.failed();
        }
    }

    /**
     * Takes the lease, or renews it once a quarter of it has passed. A holder stalled past its lease loses
     * the slot too: the next holder ends its session.
     */
    private boolean renewLease() throws SQLException {
        if (!cadence.leaseDue(stream != null)) {
            return true;
        }
        if (!records.lease(name(), instance, leaseTtl)) {
            return false;
        }
        cadence.leaseRenewed();
        return true;
    }

    private boolean openStream(ControlStore.UnitRow row) throws SQLException {
        var unavailable = slot.unavailable();
        if (unavailable.isPresent()) {
            records.offReason(name(), unavailable.get());
            return false;
        }
        boolean existed = slot.exists();
        slot.ensure(unit.state().tables()); // the publication too, should someone have dropped it
        if (!existed) {
            records.slotWanted(name(), row.epoch());
            LOG.info("migration unit {}: created replication slot {} (publication {}) on legacy", name(), slot.names().slot(),
                    slot.names().publication());
        }
        records.offReason(name(), null);
        terminateStaleConsumer();
        stream = SlotStream.open(legacy, slot.names(), this::unitTables, cadence);
        LOG.info("migration unit {}: instance {} consumes replication slot {}", name(), instance, slot.names().slot());
        return true;
    }

    /** The previous holder's lease ran out, but its session may still hold the slot (a hung process): end it. */
    private void terminateStaleConsumer() throws SQLException {
        var health = slot.health();
        if (health.isPresent() && health.get().active()) {
            slot.terminateConsumer();
        }
    }

    private Map<String, TableDefinition> unitTables() {
        Map<String, TableDefinition> tables = new HashMap<>();
        for (String table : unit.state().tables()) {
            if (unit.table(table) != null) {
                tables.put(table, unit.table(table));
            }
        }
        return tables;
    }

    private void closeStream() {
        SlotStream s = stream;
        if (s != null) {
            stream = null;
            s.close();
        }
    }

    /** Closes this instance's stream before the slot is dropped under it (the next step reopens it if the slot is still wanted). */
    synchronized void closeBeforeDrop() {
        closeStream();
    }

    /** Stops consuming and gives the lease back (a clean shutdown): another instance takes over at once. */
    @Override
    public synchronized void close() {
        stopped = true;
        closeStream();
        try {
            records.release(name(), instance);
        } catch (SQLException e) {
            LOG.debug("releasing the catch-up lease of {}: {}", name(), e.toString());
        }
    }

    /** Stops as a crashed process would: no confirmation, no release; the lease runs out (tests). */
    void crash() {
        stopped = true;
        SlotStream s = stream;
        if (s != null) {
            s.crash();
        }
    }
}
