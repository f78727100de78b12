package io.shardbridge.bridge.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The operators' recorded acceptances ({@code shardbridge_readiness_accept}): who accepted which kind of
 * blocker for a unit, and when. The readiness report records and shows them; every gate that a blocker
 * holds honours the same records (the readiness gate, the let-go gate's {@code unverified-let-go}).
 */
public final class Acceptances {
    private final DataSource control;

    public Acceptances(DataSource control) {
        this.control = control;
    }

    public void accept(String unit, String kind, String who) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO shardbridge_readiness_accept "
                + "(unit_name, kind, accepted_by) VALUES (?, ?, ?) ON CONFLICT (unit_name, kind) DO UPDATE SET accepted_by = EXCLUDED.accepted_by, "
                + "accepted_at = now()")) {
            ps.setString(1, unit);
            ps.setString(2, kind);
            ps.setString(3, who);
            ps.executeUpdate();
        }
    }

    /** kind → "by WHO at WHEN". */
    public Map<String, String> accepted(String unit) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT kind, accepted_by, accepted_at FROM shardbridge_readiness_accept WHERE unit_name = ?")) {
            ps.setString(1, unit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), "by " + rs.getString(2) + " at " + rs.getTimestamp(3).toInstant());
                }
            }
        }
        return out;
    }

    /** Who accepted {@code kind} for the unit and when ("by WHO at WHEN"), or null. */
    public String acceptance(String unit, String kind) throws SQLException {
        return accepted(unit).get(kind);
    }

    /** Forgets the unit's acceptances. */
    public void forget(String unit) throws SQLException {
        ControlSql.update(control, "DELETE FROM shardbridge_readiness_accept WHERE unit_name = ?", unit);
    }
}
