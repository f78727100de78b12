package io.shardbridge.bridge.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Verification reports in the control store ({@code shardbridge_verification}), newest last: what {@code status}
 * shows and what the phase gates read. The verifier writes them; the table is the control plane's
 * ({@link ControlSchema}), so the gates read it without depending on the verifier.
 */
public final class VerificationLog {
    static final String TABLE = "shardbridge_verification";

    /** The outcome of one finished verification. */
    public record Entry(String unit, Instant finishedAt, long rowsCompared, int differences, long settled, long tookMillis, String json) {
        public boolean equal() {
            return differences == 0;
        }
    }

    private final DataSource control;

    public VerificationLog(DataSource control) {
        this.control = control;
    }

    /** Records one finished verification: its totals and its report as JSON. */
    public void record(String unit, long rowsCompared, int differences, long settled, Duration took, String json) throws SQLException {
        ControlSchema.apply(control);
        ControlSql.update(control, "INSERT INTO " + TABLE + " (unit_name, rows_compared, differences, settled, took_ms, report) VALUES (?, ?, ?, ?, ?, ?)",
                unit, rowsCompared, differences, settled, took.toMillis(), json);
    }

    /** The unit's latest verification, if any ran. */
    public Optional<Entry> latest(String unit) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT finished_at, rows_compared, differences, settled, "
                + "took_ms, report FROM " + TABLE + " WHERE unit_name = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, unit);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Entry(unit, rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getInt(3), rs.getLong(4),
                        rs.getLong(5), rs.getString(6))) : Optional.empty();
            }
        } catch (SQLException e) {
            if (ControlSql.missingTable(e)) {
                return Optional.empty(); // no verification has run against this control store yet
            }
            throw e;
        }
    }

    /** The unit's verifications, newest first, at most {@code limit}. */
    public java.util.List<Entry> history(String unit, int limit) throws SQLException {
        java.util.List<Entry> out = new java.util.ArrayList<>();
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT finished_at, rows_compared, differences, settled, "
                + "took_ms, report FROM " + TABLE + " WHERE unit_name = ? ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, unit);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(unit, rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getInt(3), rs.getLong(4), rs.getLong(5), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            if (!ControlSql.missingTable(e)) {
                throw e;
            }
        }
        return out;
    }
}
