package io.shardbridge.bridge.control;

import io.shardbridge.config.MigrationPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Every phase move of a unit, as the instance that requested it saw it end: from, to, the epoch it was
 * recorded under, when, and how long the move took (for an authority flip, the longest a write of the unit
 * could have waited). Kept in the control store ({@code shardbridge_phase_history}) for the readiness report.
 */
public final class PhaseHistory {
    /** One recorded move. */
    public record Move(String unit, MigrationPhase from, MigrationPhase to, long epoch, Instant at, long tookMillis, String instance) {
        public boolean flip() {
            return from.authoritative() != to.authoritative();
        }
    }

    private final DataSource control;
    private volatile boolean schemaReady;

    public PhaseHistory(DataSource control) {
        this.control = control;
    }

    public void record(Move move) throws SQLException {
        ensureSchema();
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO shardbridge_phase_history "
                + "(unit_name, from_phase, to_phase, epoch, took_ms, instance_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, move.unit());
            ps.setString(2, move.from().name());
            ps.setString(3, move.to().name());
            ps.setLong(4, move.epoch());
            ps.setLong(5, move.tookMillis());
            ps.setString(6, move.instance());
            ps.executeUpdate();
        }
    }

    /** The unit's moves, oldest first, the latest {@code limit}. */
    public List<Move> moves(String unit, int limit) throws SQLException {
        ensureSchema();
        List<Move> out = new ArrayList<>();
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT from_phase, to_phase, epoch, moved_at, took_ms, "
                + "instance_id FROM (SELECT * FROM shardbridge_phase_history WHERE unit_name = ? ORDER BY id DESC LIMIT ?) h ORDER BY id")) {
            ps.setString(1, unit);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Move(unit, MigrationPhase.valueOf(rs.getString(1)), MigrationPhase.valueOf(rs.getString(2)), rs.getLong(3),
                            rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    private void ensureSchema() throws SQLException {
        if (!schemaReady) {
            ControlSchema.apply(control);
            schemaReady = true;
        }
    }
}
