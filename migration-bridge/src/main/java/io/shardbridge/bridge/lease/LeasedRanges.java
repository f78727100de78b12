package io.shardbridge.bridge.lease;

import io.shardbridge.bridge.control.ControlSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * One control-store table of key ranges taken by lease (DESIGN §6, §7, §12), the one contract the
 * backfill ({@code shardbridge_backfill}) and the verification ({@code shardbridge_verify_range}) keep
 * their progress under. A scope (a unit's table, in one direction or against one mirror view) has its
 * key space split into ranges {@code range_start < key <= range_end}, either end open; each range's row
 * records the key its work has reached ({@code last_key}), the feature's own progress columns, and who
 * holds it until when.
 *
 * <p>Why the split is the same for every worker: {@link #plan} inserts a scope's ranges only when it has
 * none, and planners serialize on a transaction-scoped advisory lock on the scope, so the second
 * planner finds the first one's rows and adds nothing.
 *
 * <p>Why a range has one writer at a time: {@link #claim} takes the lowest unfinished range whose lease
 * is free or ran out ({@code FOR UPDATE SKIP LOCKED}: two claimers never take the same row), and a
 * checkpoint ({@link #save}) is written only {@code WHERE lease_owner = ?}, renewing the lease. A
 * worker that stalled past its lease and lost the range to another cannot move that range's checkpoint:
 * its save reports false, and the work it did since its last save is simply done again by the new
 * holder. Lease times are the control database's clock ({@code now()}), one clock for every process,
 * so a worker's own clock never decides whether another's lease ran out.
 *
 * <p>Why resuming leaves no gap: the checkpoint is written after the work up to {@code last_key} is
 * durable (a chunk committed on both sides, a range checksum compared), and the next work starts after
 * {@code last_key} (or after {@code range_start} when there is none yet).
 *
 * @param <R> the feature's view of one range: the common columns ({@link Span}) and its own progress
 */
public final class LeasedRanges<R> {

    /** The columns every range has; keys are encoded ({@code KeyCodec}), null for an open end. */
    public record Span(int number, String start, String end, String lastKey, boolean done, String holder) {
        /** The key the next piece of work starts after. */
        public String resumeAfter() {
            return lastKey != null ? lastKey : start;
        }
    }

    /** Builds the feature's range from the common columns and its progress columns, read from {@code rs} at {@code first} on. */
    @FunctionalInterface
    public interface RangeReader<R> {
        R read(Span span, ResultSet rs, int first) throws SQLException;
    }

    private static final String COMMON = "range_no, range_start, range_end, last_key, done, CASE WHEN lease_until > now() THEN lease_owner END";

    private final DataSource control;
    private final String table;
    private final List<String> scopeColumns;
    private final List<String> progressColumns;
    private final RangeReader<R> reader;

    /**
     * @param table           the control-store table (its DDL belongs to the feature)
     * @param scopeColumns    the columns that name one split key space, e.g. unit, table, direction
     * @param progressColumns the feature's own progress columns, saved with each checkpoint
     */
    public LeasedRanges(DataSource control, String table, List<String> scopeColumns, List<String> progressColumns, RangeReader<R> reader) {
        this.control = control;
        this.table = table;
        this.scopeColumns = List.copyOf(scopeColumns);
        this.progressColumns = List.copyOf(progressColumns);
        this.reader = reader;
    }

    /** The scope's ranges in key order (empty before {@link #plan}). */
    public List<R> ranges(List<String> scope) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + selected() + " FROM " + table
                + " WHERE " + where(scope.size()) + " ORDER BY range_no")) {
            bind(ps, 1, scope);
            List<R> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    /** Records the scope's ranges split at {@code boundaries} (encoded keys, ascending), unless another worker already did. */
    public void plan(List<String> scope, List<String> boundaries) throws SQLException {
        try (Connection c = control.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    lock.setString(1, table + "/" + String.join("/", scope));
                    lock.execute();
                }
                try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM " + table + " WHERE " + where(scope.size()))) {
                    bind(exists, 1, scope);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            c.rollback();
                            return;
                        }
                    }
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", scopeColumns)
                        + ", range_no, range_start, range_end) VALUES (" + "?, ".repeat(scopeColumns.size()) + "?, ?, ?)")) {
                    int at = scope.size() + 1;
                    for (int i = 0; i <= boundaries.size(); i++) {
                        bind(insert, 1, scope);
                        insert.setInt(at, i);
                        insert.setString(at + 1, i == 0 ? null : boundaries.get(i - 1));
                        insert.setString(at + 2, i == boundaries.size() ? null : boundaries.get(i));
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

    /** Takes the lowest unfinished range nobody holds (or whose holder's lease ran out) for {@code lease}; empty when none is free. */
    public Optional<R> claim(List<String> scope, String owner, Duration lease) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE " + table
                + " SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond', updated_at = now() WHERE " + where(scope.size())
                + " AND range_no = (SELECT range_no FROM " + table + " WHERE " + where(scope.size())
                + " AND NOT done AND (lease_owner IS NULL OR lease_until < now()) ORDER BY range_no LIMIT 1 FOR UPDATE SKIP LOCKED) "
                + "RETURNING " + selected())) {
            c.setAutoCommit(true);
            ps.setString(1, owner);
            ps.setLong(2, lease.toMillis());
            bind(ps, 3, scope);
            bind(ps, 3 + scope.size(), scope);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Saves a range's checkpoint ({@code progress} in the order of the progress columns) and renews the
     * lease, or ends it when {@code done}; false when {@code owner} no longer holds the range.
     */
    public boolean save(List<String> scope, int range, String owner, String lastKey, List<?> progress, boolean done, Duration lease)
            throws SQLException {
        List<Object> values = new ArrayList<>();
        values.add(lastKey);
        values.addAll(progress);
        values.addAll(List.of(done, done, lease.toMillis(), done));
        values.addAll(scope);
        values.add(range);
        values.add(owner);
        return ControlSql.update(control, "UPDATE " + table + " SET last_key = ?, "
                + progressColumns.stream().map(col -> col + " = ?, ").collect(Collectors.joining()) + "done = ?, "
                + "lease_until = CASE WHEN ? THEN NULL ELSE now() + ? * interval '1 millisecond' END, "
                + "lease_owner = CASE WHEN ? THEN NULL ELSE lease_owner END, updated_at = now() "
                + "WHERE " + where(scope.size()) + " AND range_no = ? AND lease_owner = ?", values.toArray()) == 1;
    }

    /** Gives a range back before its lease runs out (a worker that stops or fails). */
    public void release(List<String> scope, int range, String owner) throws SQLException {
        List<Object> values = new ArrayList<>(scope);
        values.add(range);
        values.add(owner);
        ControlSql.update(control, "UPDATE " + table + " SET lease_owner = NULL, lease_until = NULL WHERE " + where(scope.size())
                + " AND range_no = ? AND lease_owner = ?", values.toArray());
    }

    /** True when every range of the scope is done (also when it has none). */
    public boolean allDone(List<String> scope) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE "
                + where(scope.size()) + " AND NOT done")) {
            bind(ps, 1, scope);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == 0;
            }
        }
    }

    /** The scope's ranges as the worker {@code owner} takes them, each for {@code lease}; {@code number} says a range's number. */
    public ClaimLoop.Claims<R> claimedBy(List<String> scope, String owner, Duration lease, ToIntFunction<R> number) {
        return new ClaimLoop.Claims<>() {
            @Override
            public Optional<R> claim() throws SQLException {
                return LeasedRanges.this.claim(scope, owner, lease);
            }

            @Override
            public void release(R range) throws SQLException {
                LeasedRanges.this.release(scope, number.applyAsInt(range), owner);
            }

            @Override
            public boolean allDone() throws SQLException {
                return LeasedRanges.this.allDone(scope);
            }
        };
    }

    /** Forgets the ranges of every scope that begins with {@code scopePrefix} (the next work plans afresh). */
    public void forget(List<String> scopePrefix) throws SQLException {
        ControlSql.update(control, "DELETE FROM " + table + " WHERE " + where(scopePrefix.size()), scopePrefix.toArray());
    }

    private String selected() {
        return COMMON + progressColumns.stream().map(col -> ", " + col).collect(Collectors.joining());
    }

    private String where(int columns) {
        if (columns < 1 || columns > scopeColumns.size()) {
            throw new IllegalArgumentException("a scope of " + table + " has 1 to " + scopeColumns.size() + " values " + scopeColumns
                    + ", got " + columns);
        }
        return scopeColumns.subList(0, columns).stream().map(col -> col + " = ?").collect(Collectors.joining(" AND "));
    }

    private static void bind(PreparedStatement ps, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(first + i, values.get(i));
        }
    }

    private R read(ResultSet rs) throws SQLException {
        return reader.read(new Span(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getString(6)), rs, 7);
    }
}
