package io.shardbridge.bridge.catchup;

import io.shardbridge.config.MigrationPhase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catch-up's bookkeeping of writes made outside shardbridge: which decoded changes count as such, and,
 * per applied batch, one entry per table and kind of writer added to the control store's report, the
 * metrics and the log — an ALARM while the target is authoritative (legacy no longer counts, so the write
 * is lost), otherwise one INFO line per table and writer for the life of this instance, then DEBUG.
 */
final class OutsideWriteReport {
    private static final Logger LOG = LoggerFactory.getLogger(OutsideWriteReport.class);

    private final String unit;
    private final CatchUpRecords records;
    private final CatchUpMeters meters;
    private final Set<String> logged = new HashSet<>();

    OutsideWriteReport(String unit, CatchUpRecords records, CatchUpMeters meters) {
        this.unit = unit;
        this.records = records;
        this.meters = meters;
    }

    /**
     * Until when, by commit time, the service's own transactions may commit on legacy without intents
     * although the unit mirrors: until every live instance has adopted the phase that mirrors, within the
     * dead-after time of the move. Such writes are applied like any unmirrored write, but they are not
     * writes made outside shardbridge and must not hold up the flip. {@link Instant#MIN} when no such
     * window applies (the target is authoritative, or the unit does not mirror to it).
     */
    static Instant ownUnmirroredUntil(boolean legacyAuthoritative, Instant mirroringSince, Duration deadAfter) {
        return legacyAuthoritative && mirroringSince != null ? mirroringSince.plus(deadAfter) : Instant.MIN;
    }

    /**
     * Whether a change committed at {@code at} is reported as written outside shardbridge. A TRUNCATE
     * always is (refused through shardbridge while it mirrors, so never the service's own, also right
     * after the move). A row change is not when the stream applies every change ({@code applyAll}:
     * {@code capture: logical} while legacy is authoritative, where the service's own writes arrive this
     * way), nor when it committed before {@code ownUnmirroredUntil}.
     */
    static boolean reports(WalTransaction.OutsideChange change, Instant at, boolean applyAll, Instant ownUnmirroredUntil) {
        if (change.key() == null) {
            return true;
        }
        return !applyAll && !at.isBefore(ownUnmirroredUntil);
    }

    /** A fresh batch, for the changes of one apply. */
    Batch batch() {
        return new Batch();
    }

    /** The outside writes of one apply, per table and kind of writer in the order first seen. */
    final class Batch {
        private final Map<List<Object>, Tally> tallies = new LinkedHashMap<>();

        void add(WalTransaction.OutsideChange change, Instant at) {
            tallies.computeIfAbsent(List.of(change.table(), change.writer()), k -> new Tally()).add(at, change.keyText());
        }

        /** Adds the batch to the report and the metrics, and logs it; {@code phase}: the unit's phase when it was applied. */
        void record(boolean legacyAuthoritative, MigrationPhase phase) throws SQLException {
            for (Map.Entry<List<Object>, Tally> e : tallies.entrySet()) {
                String table = (String) e.getKey().get(0);
                WalTransaction.Writer writer = (WalTransaction.Writer) e.getKey().get(1);
                Tally r = e.getValue();
                records.recordWrites(unit, table, writer, r.count, r.first, r.last, r.sample, !legacyAuthoritative);
                meters.outside(unit, table, r.count, !legacyAuthoritative);
                if (!legacyAuthoritative) {
                    LOG.error("migration unit {}: ALARM: {} write(s) to {} on legacy written outside shardbridge by {} at {} while the target is "
                            + "authoritative ({}): legacy no longer counts, so they are not on the target. Keys: {}. Stop that writer or point it "
                            + "at shardbridge, and reconcile these rows by hand.", unit, r.count, table, writer.description, r.last, phase, r.sample);
                } else if (logged.add(table + "/" + writer)) {
                    LOG.info("migration unit {}: {} written outside shardbridge by {} (first at {}), caught up on the target; further ones are "
                            + "counted in `shardbridge status`", unit, table, writer.description, r.first);
                } else {
                    LOG.debug("migration unit {}: caught up {} write(s) to {} written outside shardbridge by {} (last at {})", unit, r.count, table,
                            writer.description, r.last);
                }
            }
        }
    }

    private static final class Tally {
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
}
