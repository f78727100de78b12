package io.shardbridge.bridge.catchup;

import io.shardbridge.bridge.control.ControlStore;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.dualwrite.Repairer;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.config.CaptureMode;
import io.shardbridge.config.DatabaseEndpoint;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logical-replication catch-up of one unit (DESIGN §10): consumes the unit's slot on legacy and, while
 * legacy is authoritative, brings every committed change to a unit table that shardbridge's own capture
 * did not mirror onto the target, as a row image, in commit order.
 *
 * <p><b>Why the target never ends up with an older image.</b> The catch-up does not replay the decoded
 * change: for each key it re-reads the current legacy row under {@code FOR UPDATE} and writes that image
 * (or a delete) to the target before releasing the lock — the {@link Repairer}'s re-read by key. Three
 * writers reach the target's copy of a row, and each writes an image it read under a lock on legacy:
 * <ul>
 * <li>a dual write holds the row's lock from its legacy write until its mirror commit;</li>
 * <li>the backfill reads its chunk {@code FOR SHARE} and keeps it until the chunk's mirror commit;</li>
 * <li>the catch-up locks the row {@code FOR UPDATE} while it reads and writes it.</li>
 * </ul>
 * The locks conflict, so these writes of one row are serialized, and each writes what legacy held when it
 * took its lock — a later writer can only write the same or a newer image. A change reaches the stream
 * only after its commit record is durable; that is a moment before the transaction becomes visible to
 * other sessions, so the catch-up first waits until every transaction it is about to apply is visible in
 * a fresh snapshot ({@link LegacySlot#awaitVisible}). By the time it reads, legacy holds that change or a
 * newer one; a backfill chunk that read the row either saw that commit or blocked it until its own mirror
 * commit, after which the catch-up's read comes later still. Re-reading also makes a repeat harmless: after a crash the
 * stream resumes from the slot's confirmed position and re-sends the transactions applied since; applying
 * them again writes the current image once more. The position is confirmed only after the transactions up
 * to it were applied (and reported), so nothing is skipped.
 *
 * <p><b>Own and foreign.</b> {@link WalTransaction} tells them apart by the intents and marks in the
 * same WAL transaction. <b>Who consumes.</b> Exactly one instance: the holder of the unit's lease in the
 * control store, renewed every quarter of its length; PostgreSQL itself allows one active consumer per
 * slot, and a new holder ends the previous holder's session once that lease has run out.
 *
 * <p><b>Which changes are applied.</b> Only while legacy is authoritative (DUAL_WRITE, SHADOW, and a flip
 * to LIVE that is not yet recorded). The flip waits until the stream has applied everything up to the
 * fence's WAL position, so no change committed before the fence is left for after it (one committed
 * between the fence's position and the recorded flip would be an alarm: the quiet window is what keeps
 * that interval empty). From LIVE on the
 * target is authoritative: a write on legacy outside shardbridge is not applied (legacy's image would
 * overwrite the authoritative one) but raised as an alarm.
 *
 * <p><b>{@code capture: logical}.</b> In DUAL_WRITE and SHADOW the service's writes are not mirrored on its
 * path; this stream applies every change to a unit table, own or not, and reports none (a TRUNCATE
 * excepted). Nothing is lost at the flip: the fence first drains every transaction of the unit on every
 * instance and holds new ones out, so each write the service committed before the flip has a commit
 * record that ends at or below legacy's WAL insert position read after the drain; the flip is recorded
 * only once the slot's confirmed position has passed that point, and a position is confirmed only after
 * every transaction ending there was applied — no override skips this wait, since the stream is the only
 * way those writes reach the target. The images are as safe as above: each apply is a locked re-read, so
 * the stream and the FOR SHARE backfill serialize per row and a later writer writes the same or a newer
 * image; a backfill chunk that copied a row before a change committed is followed by the stream's
 * re-read of that row, since the change's commit comes after the chunk released its share lock. An
 * UPDATE that assigns a key column keeps the statement capture (which knows the old keys and moves the
 * row), and the stream re-applies it harmlessly. From LIVE on the unit mirrors synchronously back to
 * legacy, as with statement capture, and this stream only watches for alarms.
 *
 * <p><b>TRUNCATE.</b> Applied in commit order: what came before it in the stream is applied first, then
 * the target's copy is emptied ({@link TargetTruncation}), then every change of that table committed up to
 * legacy's WAL position read after the emptying is re-applied by key, own mirrored ones included — so a
 * row the service wrote just after the TRUNCATE, and mirrored before the stream reached it, is not lost
 * (the one window left open, a mirror commit of a write from just before the TRUNCATE, is described there).
 */
final class CatchUpStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpStream.class);
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final int APPLY_BATCH = 200;
    private static final long READ_ROUND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How often a step re-reads the unit's phase (and renews the lease, at most every quarter of it). */
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How often an idle stream asks the server for its position. */
    private static final long STATUS_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** After a failure (legacy unreachable, no wal_level = logical, a slot that cannot be created yet): the next attempt. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final DualWriteUnit unit;
    private final Repairer repairer;
    private final LegacySlot slot;
    private final CatchUpRecords records;
    private final ControlStore store;
    private final DatabaseEndpoint legacy;
    private final String instance;
    private final Duration leaseTtl;
    private final CatchUpMeters meters;
    private final TargetTruncation truncation;
    /** Table -> legacy's WAL position when its target copy was emptied after a TRUNCATE: own changes committed until then are re-applied. */
    private final Map<String, Long> reapplyUntil = new HashMap<>();
    private final Map<Integer, PgOutput.Relation> relations = new HashMap<>();
    private final java.util.Set<String> reported = new java.util.HashSet<>();
    private Connection replication;
    private PGReplicationStream stream;
    private WalTransaction open;
    private volatile boolean stopped;
    private long retryAt;
    private long leaseRenewedAt;
    private long checkedAt;
    private long statusAt;

    CatchUpStream(DualWriteUnit unit, Repairer repairer, LegacySlot slot, CatchUpRecords records, ControlStore store, DatabaseEndpoint legacy,
                  String instance, Duration leaseTtl, CatchUpMeters meters, TargetTruncation truncation) {
        this.truncation = truncation;
        this.unit = unit;
        this.repairer = repairer;
        this.slot = slot;
        this.records = records;
        this.store = store;
        this.legacy = legacy;
        this.instance = instance;
        this.leaseTtl = leaseTtl;
        this.meters = meters;
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
        if (stopped || System.nanoTime() - retryAt < 0) {
            return;
        }
        try {
            long now = System.nanoTime();
            if (stream != null && now - checkedAt < CHECK_NANOS && now - leaseRenewedAt < leaseTtl.toNanos() / 4) {
                consume(); // between checks of the phase and the lease, a step only reads the stream
                return;
            }
            checkedAt = now;
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
                retryAt = System.nanoTime() + RETRY_NANOS;
                return;
            }
            consume();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("migration unit {}: the catch-up stream stopped ({}); it resumes from the slot's confirmed position", name(), e.toString());
            LOG.debug("catch-up failure", e);
            closeStream();
            retryAt = System.nanoTime() + RETRY_NANOS;
        }
    }

    /**
     * Takes the lease, or renews it once a quarter of it has passed (not on every step: the holder would
     * write the control store ten times a second). A holder stalled past its lease loses the slot too: the
     * next holder ends its session.
     */
    private boolean renewLease() throws SQLException {
        long now = System.nanoTime();
        if (stream != null && now - leaseRenewedAt < leaseTtl.toNanos() / 4) {
            return true;
        }
        if (!records.lease(name(), instance, leaseTtl)) {
            return false;
        }
        leaseRenewedAt = now;
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
        Properties props = new Properties();
        PGProperty.USER.set(props, legacy.username());
        PGProperty.PASSWORD.set(props, legacy.password());
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        replication = DriverManager.getConnection(legacy.url(), props);
        stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                .withSlotName(slot.names().slot())
                .withSlotOption("proto_version", 1)
                .withSlotOption("publication_names", slot.names().publication())
                .withSlotOption("messages", true)
                .withStatusInterval(1, TimeUnit.SECONDS)
                .start();
        relations.clear();
        open = null;
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

    /** Reads what the stream has for a moment, then applies and confirms the transactions that committed in it. */
    private void consume() throws SQLException {
        List<WalTransaction.Committed> committed = new ArrayList<>();
        long until = System.nanoTime() + READ_ROUND_NANOS;
        boolean idle = false;
        while (System.nanoTime() < until) {
            ByteBuffer payload = stream.readPending();
            if (payload == null) {
                idle = true;
                break;
            }
            PgOutput.Message message = PgOutput.decode(payload);
            if (message instanceof PgOutput.Relation relation) {
                relations.put(relation.id(), relation);
            } else if (message instanceof PgOutput.Begin begin) {
                open = new WalTransaction(unitTables(), Integer.toUnsignedLong(begin.xid()));
            } else if (message instanceof PgOutput.Commit commit) {
                if (open != null) {
                    committed.add(open.commit(commit));
                }
                open = null;
            } else if (open != null) {
                open.add(message, relations);
            }
        }
        long confirm = 0;
        if (!committed.isEmpty()) {
            apply(committed);
            confirm = committed.get(committed.size() - 1).endLsn();
        }
        if (idle && open == null) {
            // everything the server sent has been applied: a keepalive's position may be confirmed too
            confirm = Math.max(confirm, stream.getLastReceiveLSN().asLong());
        }
        if (confirm > 0) {
            LogSequenceNumber lsn = LogSequenceNumber.valueOf(confirm);
            stream.setFlushedLSN(lsn);
            stream.setAppliedLSN(lsn);
        }
        if (idle && System.nanoTime() - statusAt > STATUS_NANOS) {
            statusAt = System.nanoTime();
            stream.forceUpdateStatus(); // asks the server for a keepalive, so an idle stream's position keeps up with legacy's WAL
        }
    }

    private Map<String, io.shardbridge.schema.TableDefinition> unitTables() {
        Map<String, io.shardbridge.schema.TableDefinition> tables = new HashMap<>();
        for (String table : unit.state().tables()) {
            if (unit.table(table) != null) {
                tables.put(table, unit.table(table));
            }
        }
        return tables;
    }

    /**
     * Applies these transactions' changes (commit order) and adds the outside ones to the report. Under
     * {@code capture: logical}, while legacy is authoritative, every change is applied and none is reported
     * (the service's own writes reach the target only this way); otherwise the changes shardbridge did not
     * mirror, and after a TRUNCATE also the own ones committed before the target's copy was emptied.
     */
    private void apply(List<WalTransaction.Committed> committed) throws SQLException {
        boolean logical = unit.state().config().outsideWrites().capture() == CaptureMode.LOGICAL;
        boolean wide = logical || !reapplyUntil.isEmpty() || committed.stream().anyMatch(WalTransaction.Committed::truncates);
        List<WalTransaction.Committed> relevant = committed.stream().filter(c -> !(wide ? c.all() : c.outside()).isEmpty()).toList();
        if (relevant.isEmpty()) {
            return;
        }
        // the commit record reaches the stream once it is durable, a moment before the transaction is visible to
        // others: re-reading earlier could miss an inserted row, or read the image before an update
        slot.awaitVisible(relevant.stream().mapToLong(WalTransaction.Committed::xid).toArray());
        ControlStore.UnitRow row = store.unit(name()).orElseThrow();
        boolean legacyAuthoritative = row.phase().authoritative() == Side.LEGACY;
        boolean applyAll = legacyAuthoritative && unit.state().config().outsideWrites().capture().streamMirrors(row.phase());
        // Until every live instance has adopted the phase that mirrors (within the dead-after time of the move), the service's
        // own transactions pinned in LEGACY_ONLY commit without intents: they are applied like any unmirrored write, but they
        // are not writes made outside shardbridge and must not hold up the flip.
        Instant mirroringSince = row.mirroringSince(Side.TARGET);
        Instant ownUnmirroredUntil = legacyAuthoritative && mirroringSince != null ? mirroringSince.plus(leaseTtl) : Instant.MIN;
        Map<String, LinkedHashMap<List<Object>, RowImage>> keys = new LinkedHashMap<>();
        Map<List<Object>, Report> reports = new LinkedHashMap<>();
        for (WalTransaction.Committed c : relevant) {
            Instant at = Instant.ofEpochSecond(0, (c.commitMicros() + POSTGRES_EPOCH_MICROS) * 1000);
            reapplyUntil.values().removeIf(lsn -> c.endLsn() > lsn); // committed after the target's copy was emptied
            for (WalTransaction.OutsideChange change : c.outside()) {
                // under capture: logical every row change is the stream's to apply, none an outside write; a TRUNCATE (refused
                // through shardbridge while it mirrors) is still reported, also when it comes right after the move
                if (!applyAll || change.key() == null) {
                    if (!at.isBefore(ownUnmirroredUntil) || change.key() == null) {
                        reports.computeIfAbsent(List.of(change.table(), change.writer()), k -> new Report()).add(at, change.keyText());
                    }
                }
            }
            for (WalTransaction.OutsideChange change : applyAll ? c.all() : toApply(c)) {
                if (change.key() == null && legacyAuthoritative) {
                    applyKeys(keys); // what came before the TRUNCATE first, in commit order
                    truncation.empty(change.table());
                    // own writes committed until now may have been mirrored before the target's copy was emptied: re-apply them too
                    reapplyUntil.put(change.table(), slot.currentLsn());
                    LOG.warn("migration unit {}: table {} was TRUNCATEd on legacy at {}; its copy on the target was emptied as well", name(),
                            change.table(), at);
                } else if (change.key() == null) {
                    LOG.error("migration unit {}: table {} was TRUNCATEd on legacy outside shardbridge at {} while the target is authoritative "
                            + "({}): legacy no longer counts, so nothing is applied. Reconcile the table by hand.", name(), change.table(), at, row.phase());
                } else if (legacyAuthoritative) {
                    var table = unit.table(change.table());
                    keys.computeIfAbsent(change.table(), t -> new LinkedHashMap<>()).put(change.key().keyValues(table.primaryKey()), change.key());
                }
            }
        }
        applyKeys(keys);
        for (Map.Entry<List<Object>, Report> e : reports.entrySet()) {
            String table = (String) e.getKey().get(0);
            WalTransaction.Writer writer = (WalTransaction.Writer) e.getKey().get(1);
            Report r = e.getValue();
            records.recordWrites(name(), table, writer, r.count, r.first, r.last, r.sample, !legacyAuthoritative);
            meters.outside(name(), table, r.count, !legacyAuthoritative);
            if (!legacyAuthoritative) {
                LOG.error("migration unit {}: ALARM: {} write(s) to {} on legacy written outside shardbridge by {} at {} while the target is "
                        + "authoritative ({}): legacy no longer counts, so they are not on the target. Keys: {}. Stop that writer or point it "
                        + "at shardbridge, and reconcile these rows by hand.", name(), r.count, table, writer.description, r.last, row.phase(), r.sample);
            } else if (reported.add(table + "/" + writer)) {
                LOG.info("migration unit {}: {} written outside shardbridge by {} (first at {}), caught up on the target; further ones are "
                        + "counted in `shardbridge status`", name(), table, writer.description, r.first);
            } else {
                LOG.debug("migration unit {}: caught up {} write(s) to {} written outside shardbridge by {} (last at {})", name(), r.count, table,
                        writer.description, r.last);
            }
        }
    }

    /** The changes to apply outside {@code capture: logical}: the unmirrored ones, and every one of a table TRUNCATEd a moment ago. */
    private List<WalTransaction.OutsideChange> toApply(WalTransaction.Committed c) {
        if (reapplyUntil.isEmpty() && !c.truncates()) {
            return c.outside();
        }
        List<WalTransaction.OutsideChange> out = new ArrayList<>();
        for (WalTransaction.OutsideChange change : c.all()) {
            if (change.key() == null || reapplyUntil.containsKey(change.table()) || c.outside().contains(change)) {
                out.add(change);
            }
        }
        return out;
    }

    /** Re-reads these keys on legacy and writes their current images to the target (the repairer's locked re-read), then forgets them. */
    private void applyKeys(Map<String, LinkedHashMap<List<Object>, RowImage>> keys) throws SQLException {
        for (Map.Entry<String, LinkedHashMap<List<Object>, RowImage>> e : keys.entrySet()) {
            List<RowImage> all = new ArrayList<>(e.getValue().values());
            for (int from = 0; from < all.size(); from += APPLY_BATCH) {
                repairer.repairRows(unit, unit.table(e.getKey()), all.subList(from, Math.min(all.size(), from + APPLY_BATCH)));
            }
            meters.applied(name(), all.size());
        }
        keys.clear();
    }

    private static final class Report {
        long count;
        Instant first;
        Instant last;
        final List<String> sample = new ArrayList<>();

        void add(Instant at, String key) {
            count++;
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
            if (sample.size() < CatchUpRecords.SAMPLE_KEYS && !sample.contains(key)) {
                sample.add(key);
            }
        }
    }

    private void closeStream() {
        if (replication == null) {
            return;
        }
        try {
            if (stream != null && !stream.isClosed()) {
                stream.close();
            }
        } catch (SQLException e) {
            LOG.debug("closing the replication stream: {}", e.toString());
        }
        try {
            replication.close();
        } catch (SQLException e) {
            LOG.debug("closing the replication connection: {}", e.toString());
        }
        replication = null;
        stream = null;
        open = null;
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
        Connection c = replication;
        if (c != null) {
            try {
                c.unwrap(org.postgresql.core.BaseConnection.class).getQueryExecutor().close();
            } catch (SQLException e) {
                LOG.debug("crashing the replication connection: {}", e.toString());
            }
        }
    }
}
