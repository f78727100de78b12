package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.control.ControlSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * <p>Ranges are taken by lease, as the backfill's are: several processes share one pass, a range is
 * saved only by its lease's owner, and a range whose owner stopped renewing is taken over. A pass
 * whose ranges are all done is finished; the next verification starts a fresh one.
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

    VerifyCheckpoints(DataSource control) {
        this.control = control;
    }

    void createTable() throws SQLException {
        try (Connection c = control.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (unit_name varchar(200) NOT NULL, table_name varchar(200) NOT NULL, "
                    + "mirror varchar(200) NOT NULL, authoritative varchar(16) NOT NULL, range_no integer NOT NULL, range_start text, range_end text, "
                    + "last_key text, rows_compared bigint NOT NULL DEFAULT 0, suspects text NOT NULL DEFAULT '', done boolean NOT NULL DEFAULT false, "
                    + "lease_owner varchar(200), lease_until timestamptz, started_at timestamptz NOT NULL DEFAULT now(), "
                    + "updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (unit_name, table_name, mirror, range_no))");
        }
    }

    List<Range> ranges(Scope scope) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT range_no, range_start, range_end, last_key, "
                + "rows_compared, suspects, done FROM " + TABLE + " WHERE unit_name = ? AND table_name = ? AND mirror = ? AND authoritative = ? "
                + "ORDER BY range_no")) {
            scope.bind(ps, 1);
            List<Range> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Range(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getBoolean(7)));
                }
            }
            return out;
        }
    }

    /** Records a pass's ranges split at {@code boundaries}, unless another process already did (planners serialize on an advisory lock). */
    void plan(Scope scope, List<String> boundaries) throws SQLException {
        try (Connection c = control.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    lock.setString(1, TABLE + "/" + scope);
                    lock.execute();
                }
                try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM " + TABLE
                        + " WHERE unit_name = ? AND table_name = ? AND mirror = ? AND authoritative = ?")) {
                    scope.bind(exists, 1);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            c.rollback();
                            return;
                        }
                    }
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                        + " (unit_name, table_name, mirror, authoritative, range_no, range_start, range_end) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i = 0; i <= boundaries.size(); i++) {
                        scope.bind(insert, 1);
                        insert.setInt(5, i);
                        insert.setString(6, i == 0 ? null : boundaries.get(i - 1));
                        insert.setString(7, i == boundaries.size() ? null : boundaries.get(i));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Takes the lowest unfinished range nobody holds (or whose holder's lease ran out), for {@code lease}. */
    Optional<Range> claim(Scope scope, String owner, Duration lease) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE
                + " SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond', updated_at = now() "
                + "WHERE unit_name = ? AND table_name = ? AND mirror = ? AND authoritative = ? AND range_no = (SELECT range_no FROM " + TABLE
                + " WHERE unit_name = ? AND table_name = ? AND mirror = ? AND authoritative = ? AND NOT done "
                + "AND (lease_owner IS NULL OR lease_until < now()) ORDER BY range_no LIMIT 1 FOR UPDATE SKIP LOCKED) "
                + "RETURNING range_no, range_start, range_end, last_key, rows_compared, suspects, done")) {
            c.setAutoCommit(true);
            ps.setString(1, owner);
            ps.setLong(2, lease.toMillis());
            scope.bind(ps, 3);
            scope.bind(ps, 7);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Range(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6), rs.getBoolean(7))) : Optional.empty();
            }
        }
    }

    /** Saves a range's progress and renews the lease; false when {@code owner} no longer holds the range. */
    boolean save(Scope scope, int range, String owner, String lastKey, long rowsCompared, String suspects, boolean done, Duration lease)
            throws SQLException {
        return ControlSql.update(control, "UPDATE " + TABLE + " SET last_key = ?, rows_compared = ?, suspects = ?, done = ?, "
                + "lease_until = CASE WHEN ? THEN NULL ELSE now() + ? * interval '1 millisecond' END, "
                + "lease_owner = CASE WHEN ? THEN NULL ELSE lease_owner END, updated_at = now() "
                + "WHERE unit_name = ? AND table_name = ? AND mirror = ? AND authoritative = ? AND range_no = ? AND lease_owner = ?",
                lastKey, rowsCompared, suspects, done, done, lease.toMillis(), done, scope.unit(), scope.table(), scope.mirror(),
                scope.authoritative(), range, owner) == 1;
    }

    /** Gives a range back before its lease runs out (a walk that failed). */
    void release(Scope scope, int range, String owner) throws SQLException {
        ControlSql.update(control, "UPDATE " + TABLE + " SET lease_owner = NULL, lease_until = NULL WHERE unit_name = ? AND table_name = ? "
                + "AND mirror = ? AND authoritative = ? AND range_no = ? AND lease_owner = ?", scope.unit(), scope.table(), scope.mirror(),
                scope.authoritative(), range, owner);
    }

    /** Forgets a table's pass against one mirror view (a fresh pass starts from the first key). */
    void reset(Scope scope) throws SQLException {
        ControlSql.update(control, "DELETE FROM " + TABLE + " WHERE unit_name = ? AND table_name = ? AND mirror = ?",
                scope.unit(), scope.table(), scope.mirror());
    }

    /** Forgets every pass of a unit (none yet: nothing to do). */
    void resetUnit(String unit) throws SQLException {
        try {
            ControlSql.update(control, "DELETE FROM " + TABLE + " WHERE unit_name = ?", unit);
        } catch (SQLException e) {
            if (!ControlSql.missingTable(e)) {
                throw e;
            }
        }
    }

    /** Which pass: a unit's table, compared against one mirror view, with one side authoritative. */
    record Scope(String unit, String table, String mirror, String authoritative) {
        void bind(PreparedStatement ps, int first) throws SQLException {
            ps.setString(first, unit);
            ps.setString(first + 1, table);
            ps.setString(first + 2, mirror);
            ps.setString(first + 3, authoritative);
        }

        @Override
        public String toString() {
            return unit + "/" + table + "/" + mirror + "/" + authoritative;
        }
    }
}
