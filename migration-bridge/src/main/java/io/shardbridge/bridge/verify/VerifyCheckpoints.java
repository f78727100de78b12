package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.control.ControlSchema;
import io.shardbridge.bridge.control.ControlSql;
import io.shardbridge.bridge.lease.ClaimLoop;
import io.shardbridge.bridge.lease.LeasedRanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * A verification pass's progress in the control store, per key range (DESIGN §7, §12), as VDiff2 keeps
 * its own: a table's key space on the authoritative side is split into ranges ({@code range_start <
 * key <= range_end}, either end open); each range's row records the key its walk has compared up to,
 * the rows compared and the suspects found so far (encoded keys), and is written after every range
 * checksum that completed in key order. So a pass killed mid-way resumes after the last compared key
 * with the suspects it had already found, and no finished range is read again.
 *
 * <p>Why resuming loses no difference: everything at or below {@code last_key} was compared, and every
 * key found differing there is in {@code suspects} of the same row, written in the same statement;
 * the rest of the range is compared by the resumed walk. A suspect is only a candidate: it is re-read
 * on both sides when the pass ends (a row repaired or rewritten meanwhile is then not reported).
 * Differences appearing in a finished range after it was compared belong to the next pass, as they
 * would in an uninterrupted one.
 *
 * <p>Ranges are taken by lease, as the backfill's are, under the one contract both keep ({@link
 * LeasedRanges}): several processes share one pass, a range is saved only by its lease's owner, and a
 * range whose owner stopped renewing is taken over. A pass whose ranges are all done is finished; the
 * next verification starts a fresh one. This class owns the table's schema and the feature's progress
 * columns ({@code rows_compared}, {@code suspects}).
 */
final class VerifyCheckpoints {
    static final String TABLE = "shardbridge_verify_range";

    /** One range of one table's pass against one mirror view; keys encoded ({@code KeyCodec}), null for open. */
    record Range(int number, String start, String end, String lastKey, long rowsCompared, String suspects, boolean done) {
        String resumeAfter() {
            return lastKey != null ? lastKey : start;
        }
    }

    private final DataSource control;
    private final LeasedRanges<Range> ranges;

    VerifyCheckpoints(DataSource control) {
        this.control = control;
        this.ranges = new LeasedRanges<>(control, TABLE, List.of("unit_name", "table_name", "mirror", "authoritative"),
                List.of("rows_compared", "suspects"), (span, rs, first) -> new Range(span.number(), span.start(), span.end(), span.lastKey(),
                rs.getLong(first), rs.getString(first + 1), span.done()));
    }

    /** The control store's tables, this one among them ({@link ControlSchema}). */
    void ensureSchema() throws SQLException {
        ControlSchema.apply(control);
    }

    List<Range> ranges(Scope scope) throws SQLException {
        return ranges.ranges(scope.values());
    }

    /** Records a pass's ranges split at {@code boundaries}, unless another process already did. */
    void plan(Scope scope, List<String> boundaries) throws SQLException {
        ranges.plan(scope.values(), boundaries);
    }

    /** The pass's ranges as the process {@code owner} takes them, each for {@code lease}. */
    ClaimLoop.Claims<Range> claimedBy(Scope scope, String owner, Duration lease) {
        return ranges.claimedBy(scope.values(), owner, lease, Range::number);
    }

    /** Saves a range's progress and renews the lease; false when {@code owner} no longer holds the range. */
    boolean save(Scope scope, int range, String owner, String lastKey, long rowsCompared, String suspects, boolean done, Duration lease)
            throws SQLException {
        return ranges.save(scope.values(), range, owner, lastKey, List.of(rowsCompared, suspects), done, lease);
    }

    /** Forgets a table's pass against one mirror view, whichever side was authoritative (a fresh pass starts from the first key). */
    void reset(Scope scope) throws SQLException {
        ranges.forget(scope.values().subList(0, 3));
    }

    /** Forgets every pass of a unit (none yet: nothing to do). */
    void resetUnit(String unit) throws SQLException {
        try {
            ranges.forget(List.of(unit));
        } catch (SQLException e) {
            if (!ControlSql.missingTable(e)) {
                throw e;
            }
        }
    }

    /** Which pass: a unit's table, compared against one mirror view, with one side authoritative. */
    record Scope(String unit, String table, String mirror, String authoritative) {
        List<String> values() {
            return List.of(unit, table, mirror, authoritative);
        }

        @Override
        public String toString() {
            return unit + "/" + table + "/" + mirror + "/" + authoritative;
        }
    }
}
