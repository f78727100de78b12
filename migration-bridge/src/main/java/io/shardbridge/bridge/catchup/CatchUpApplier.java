package io.shardbridge.bridge.catchup;

import io.shardbridge.bridge.control.ControlStore;
import io.shardbridge.bridge.dualwrite.Repairer;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.config.CaptureMode;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the changes of committed legacy transactions, decoded from the unit's slot, to the target, in
 * commit order, and hands the ones written outside shardbridge to the {@link OutsideWriteReport}.
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
 * commit, after which the catch-up's read comes later still. Re-reading also makes a repeat harmless: after
 * a crash the stream resumes from the slot's confirmed position and re-sends the transactions applied
 * since; applying them again writes the current image once more.
 *
 * <p><b>Which changes are applied.</b> Only while legacy is authoritative (DUAL_WRITE, SHADOW, and a flip
 * to LIVE that is not yet recorded). From LIVE on the target is authoritative: a write on legacy outside
 * shardbridge is not applied (legacy's image would overwrite the authoritative one) but raised as an alarm.
 *
 * <p><b>{@code capture: logical}.</b> In DUAL_WRITE and SHADOW the service's writes are not mirrored on its
 * path; every change to a unit table, own or not, is applied and none reported (a TRUNCATE excepted). The
 * images are as safe as above: each apply is a locked re-read, so the stream and the FOR SHARE backfill
 * serialize per row and a later writer writes the same or a newer image; a backfill chunk that copied a
 * row before a change committed is followed by the stream's re-read of that row, since the change's commit
 * comes after the chunk released its share lock. An UPDATE that assigns a key column keeps the statement
 * capture (which knows the old keys and moves the row), and the stream re-applies it harmlessly. From LIVE
 * on the unit mirrors synchronously back to legacy, as with statement capture, and the stream only watches
 * for alarms.
 *
 * <p><b>TRUNCATE.</b> Applied in commit order: what came before it in the stream is applied first, then
 * the target's copy is emptied ({@link TargetTruncation}), then every change of that table committed up to
 * legacy's WAL position read after the emptying is re-applied by key, own mirrored ones included — so a
 * row the service wrote just after the TRUNCATE, and mirrored before the stream reached it, is not lost
 * (the one window left open, a mirror commit of a write from just before the TRUNCATE, is described there).
 */
final class CatchUpApplier {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpApplier.class);
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final int APPLY_BATCH = 200;

    private final DualWriteUnit unit;
    private final Repairer repairer;
    private final LegacySlot slot;
    private final ControlStore store;
    private final Duration deadAfter;
    private final CatchUpMeters meters;
    private final TargetTruncation truncation;
    private final OutsideWriteReport report;
    /** Table -> legacy's WAL position when its target copy was emptied after a TRUNCATE: own changes committed until then are re-applied. */
    private final Map<String, Long> reapplyUntil = new HashMap<>();

    CatchUpApplier(DualWriteUnit unit, Repairer repairer, LegacySlot slot, ControlStore store, Duration deadAfter, CatchUpMeters meters,
                   TargetTruncation truncation, OutsideWriteReport report) {
        this.unit = unit;
        this.repairer = repairer;
        this.slot = slot;
        this.store = store;
        this.deadAfter = deadAfter;
        this.meters = meters;
        this.truncation = truncation;
        this.report = report;
    }

    private String name() {
        return unit.state().name();
    }

    /**
     * Applies these transactions' changes (commit order) and adds the outside ones to the report. Under
     * {@code capture: logical}, while legacy is authoritative, every change is applied and none is reported
     * (the service's own writes reach the target only this way); otherwise the changes shardbridge did not
     * mirror, and after a TRUNCATE also the own ones committed before the target's copy was emptied.
     */
    void apply(List<WalTransaction.Committed> committed) throws SQLException {
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
        Instant ownUnmirroredUntil = OutsideWriteReport.ownUnmirroredUntil(legacyAuthoritative, row.mirroringSince(Side.TARGET), deadAfter);
        Map<String, LinkedHashMap<List<Object>, RowImage>> keys = new LinkedHashMap<>();
        OutsideWriteReport.Batch outside = report.batch();
        for (WalTransaction.Committed c : relevant) {
            Instant at = Instant.ofEpochSecond(0, (c.commitMicros() + POSTGRES_EPOCH_MICROS) * 1000);
            reapplyUntil.values().removeIf(lsn -> c.endLsn() > lsn); // committed after the target's copy was emptied
            for (WalTransaction.OutsideChange change : c.outside()) {
                if (OutsideWriteReport.reports(change, at, applyAll, ownUnmirroredUntil)) {
                    outside.add(change, at);
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
        outside.record(legacyAuthoritative, row.phase());
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
}
