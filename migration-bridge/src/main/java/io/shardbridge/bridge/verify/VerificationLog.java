package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.control.ControlSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Verification reports in the control store, newest last: what {@code status} shows and what the phase gate reads. */
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

    void createTable() throws SQLException {
        try (Connection c = control.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigserial PRIMARY KEY, unit_name varchar(200) NOT NULL, "
                    + "finished_at timestamptz NOT NULL DEFAULT now(), rows_compared bigint NOT NULL, differences integer NOT NULL, "
                    + "settled bigint NOT NULL, took_ms bigint NOT NULL, report text NOT NULL)");
            st.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_unit ON " + TABLE + " (unit_name, id)");
        }
    }

    void record(VerifyReport report) throws SQLException {
        createTable();
        ControlSql.update(control, "INSERT INTO " + TABLE + " (unit_name, rows_compared, differences, settled, took_ms, report) VALUES (?, ?, ?, ?, ?, ?)",
                report.unit(), report.rowsCompared().values().stream().mapToLong(Long::longValue).sum(), report.differences().size(),
                report.settled(), report.took().toMillis(), report.toJson());
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
