package io.shardbridge.bridge.backfill;

import io.shardbridge.bridge.control.ControlSchema;
import io.shardbridge.bridge.control.ControlSql;
import io.shardbridge.bridge.lease.ClaimLoop;
import io.shardbridge.bridge.lease.LeasedRanges;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Backfill progress in the control store (DESIGN §6). A table's key space is split into ranges
 * ({@code range_start < key <= range_end}, either end open); each range has one checkpoint row, written
 * after each chunk has committed on both sides, so a restarted backfill resumes after the last chunk
 * that is certainly on the mirror — never before it (no gap); re-copying a chunk is harmless (upserts by
 * key), so a crash between the commit and the checkpoint costs one chunk of work.
 *
 * <p>Workers — threads of one backfill, or backfills in other processes — take ranges by lease: a
 * worker owns a range while {@code lease_until} is in the future and renews it with every checkpoint.
 * A checkpoint is written only by the lease's owner, so a worker that stalled past its lease and lost
 * the range to another cannot move that range's checkpoint; its last chunk is simply copied again.
 * That contract is {@link LeasedRanges}', shared with the verification's checkpoints; this class owns
 * the table's schema, the status view and the feature's progress column ({@code rows_copied}).
 */
final class BackfillCheckpoints {
    static final String TABLE = "shardbridge_backfill";

    /** One range of one table's backfill. Keys are encoded ({@code KeyCodec}); null means open. */
    record Range(int number, String start, String end, String lastKey, long rowsCopied, boolean done, String leaseOwner) {
        /** The key the next chunk starts after. */
        String resumeAfter() {
            return lastKey != null ? lastKey : start;
        }
    }

    private final DataSource control;
    private final LeasedRanges<Range> ranges;

    BackfillCheckpoints(DataSource control) {
        this.control = control;
        this.ranges = new LeasedRanges<>(control, TABLE, List.of("unit_name", "table_name", "direction"), List.of("rows_copied"),
                (span, rs, first) -> new Range(span.number(), span.start(), span.end(), span.lastKey(), rs.getLong(first), span.done(), span.holder()));
    }

    /** The control store's tables, this one among them ({@link ControlSchema}). */
    void ensureSchema() throws SQLException {
        ControlSchema.apply(control);
    }

    List<Range> ranges(String unit, String table, Side into) throws SQLException {
        return ranges.ranges(scope(unit, table, into));
    }

    /** Records the ranges of a table's backfill, split at {@code boundaries} (encoded keys, ascending), unless another worker already did. */
    void plan(String unit, String table, Side into, List<String> boundaries) throws SQLException {
        ranges.plan(scope(unit, table, into), boundaries);
    }

    /** The table's ranges as the worker {@code owner} takes them, each for {@code lease}. */
    ClaimLoop.Claims<Range> claimedBy(String unit, String table, Side into, String owner, Duration lease) {
        return ranges.claimedBy(scope(unit, table, into), owner, lease, Range::number);
    }

    /** Saves a range's checkpoint and renews the lease; false when {@code owner} no longer holds the range. */
    boolean save(String unit, String table, Side into, int range, String owner, String lastKey, long rowsCopied, boolean done, Duration lease)
            throws SQLException {
        return ranges.save(scope(unit, table, into), range, owner, lastKey, List.of(rowsCopied), done, lease);
    }

    /** Every table's backfill of a unit, for status: table, direction, ranges done and total, rows copied, last update. */
    List<Backfill.TableStatus> status(String unit) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT table_name, direction, "
                + "count(*) FILTER (WHERE done), count(*), sum(rows_copied), max(updated_at), count(*) FILTER (WHERE lease_until > now()), min(started_at) FROM "
                + TABLE + " WHERE unit_name = ? GROUP BY table_name, direction ORDER BY table_name, direction")) {
            ps.setString(1, unit);
            List<Backfill.TableStatus> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Backfill.TableStatus(rs.getString(1), Side.valueOf(rs.getString(2)), rs.getInt(3), rs.getInt(4), rs.getLong(5),
                            rs.getTimestamp(6).toInstant(), rs.getInt(7), rs.getTimestamp(8).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            if (ControlSql.missingTable(e)) {
                return List.of(); // no backfill has run against this control store yet
            }
            throw e;
        }
    }

    /** Forgets every table's progress in one direction (the mirror side starts over). */
    void resetDirection(String unit, Side into) throws SQLException {
        try {
            ControlSql.update(control, "DELETE FROM " + TABLE + " WHERE unit_name = ? AND direction = ?", unit, into.name());
        } catch (SQLException e) {
            if (!ControlSql.missingTable(e)) {
                throw e;
            }
        }
    }

    /** Forgets a table's progress (a fresh backfill starts from the first key). */
    void reset(String unit, String table, Side into) throws SQLException {
        ranges.forget(scope(unit, table, into));
    }

    private static List<String> scope(String unit, String table, Side into) {
        return List.of(unit, table, into.name());
    }
}
