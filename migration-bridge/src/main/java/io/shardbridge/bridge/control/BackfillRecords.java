package io.shardbridge.bridge.control;

import io.shardbridge.config.MigrationPhase.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the completeness gate reads of the backfill's checkpoints ({@code shardbridge_backfill}, a table of the
 * control store, {@link ControlSchema}): per table of a unit, whether every key range of its backfill into one
 * side is done, when that backfill started and when it last advanced. The backfill writes the rows; the gate
 * reads them here, so the control plane depends on the store, not on the backfill.
 */
final class BackfillRecords {
    /** One table's backfill into one side. */
    record Table(String table, boolean done, Instant startedAt, Instant updatedAt) {
    }

    private final DataSource control;

    BackfillRecords(DataSource control) {
        this.control = control;
    }

    /** The unit's backfills into {@code side}, by table (none yet: empty). */
    Map<String, Table> into(String unit, Side side) throws SQLException {
        Map<String, Table> out = new LinkedHashMap<>();
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT table_name, "
                + "count(*) FILTER (WHERE done) = count(*), min(started_at), max(updated_at) FROM shardbridge_backfill "
                + "WHERE unit_name = ? AND direction = ? GROUP BY table_name ORDER BY table_name")) {
            ps.setString(1, unit);
            ps.setString(2, side.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Table(rs.getString(1), rs.getBoolean(2), rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        } catch (SQLException e) {
            if (!ControlSql.missingTable(e)) {
                throw e; // else: no backfill has run against this control store yet
            }
        }
        return out;
    }
}
