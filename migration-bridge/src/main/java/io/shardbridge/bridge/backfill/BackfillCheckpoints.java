package io.shardbridge.bridge.backfill;

import io.shardbridge.config.MigrationPhase.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Backfill progress in the control store (DESIGN §6): one row per unit, table and direction, written
 * after each chunk has committed on both sides, so a restarted backfill resumes after the last chunk
 * that is certainly on the mirror — never before it (no gap), and re-copying a chunk is harmless
 * (upserts by key), so a crash between the commit and the checkpoint costs one chunk of work.
 */
final class BackfillCheckpoints {
    static final String TABLE = "shardbridge_backfill";

    /** Where one table's backfill stands. {@code lastKey} is the encoded key of the last row copied, or null. */
    record Checkpoint(String lastKey, long rowsCopied, boolean done) {
    }

    private final DataSource control;

    BackfillCheckpoints(DataSource control) {
        this.control = control;
    }

    void createTable() throws SQLException {
        try (Connection c = control.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (unit_name varchar(200) NOT NULL, table_name varchar(200) NOT NULL, "
                    + "direction varchar(16) NOT NULL, last_key text, rows_copied bigint NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false, "
                    + "started_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), "
                    + "PRIMARY KEY (unit_name, table_name, direction))");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    Optional<Checkpoint> read(String unit, String table, Side into) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT last_key, rows_copied, done FROM " + TABLE + " WHERE unit_name = ? AND table_name = ? AND direction = ?")) {
            ps.setString(1, unit);
            ps.setString(2, table);
            ps.setString(3, into.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Checkpoint(rs.getString(1), rs.getLong(2), rs.getBoolean(3))) : Optional.empty();
            }
        }
    }

    void save(String unit, String table, Side into, Checkpoint checkpoint) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + TABLE + " (unit_name, table_name, direction, last_key, rows_copied, done) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (unit_name, table_name, direction) DO UPDATE SET last_key = EXCLUDED.last_key, "
                        + "rows_copied = EXCLUDED.rows_copied, done = EXCLUDED.done, updated_at = now()")) {
            c.setAutoCommit(true);
            ps.setString(1, unit);
            ps.setString(2, table);
            ps.setString(3, into.name());
            ps.setString(4, checkpoint.lastKey());
            ps.setLong(5, checkpoint.rowsCopied());
            ps.setBoolean(6, checkpoint.done());
            ps.executeUpdate();
        }
    }

    /** Forgets a table's progress (a fresh backfill starts from the first key). */
    void reset(String unit, String table, Side into) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM " + TABLE + " WHERE unit_name = ? AND table_name = ? AND direction = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, unit);
            ps.setString(2, table);
            ps.setString(3, into.name());
            ps.executeUpdate();
        }
    }
}
