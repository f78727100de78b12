package io.shardbridge.bridge.readiness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one reader of the statement census as the control store holds it ({@code shardbridge_census}, one row per
 * unit and statement shape, executions summed across instances; {@link CensusStore} writes it). The readiness
 * report reads one unit's shapes through it, the CLI's inventory every unit's. It only reads: it creates nothing,
 * and {@link #exists} tells a control store where no service has run through shardbridge yet.
 */
public final class CensusRows {
    /** The shape on which a unit's census counts the executions of shapes beyond its bound. */
    public static final String OTHER = "(other shapes)";

    /** One stored shape of a unit. */
    public record Row(String unit, Readiness.Shape shape) {
        /** The shape as a statement a parser reads: a folded list of values ({@code ?…}) read as one value. */
        public String parsableSql() {
            return shape.shape().replace("?…", "?");
        }

        /** Whether this is the row that counts the shapes beyond the bound rather than a statement shape. */
        public boolean overflow() {
            return shape.shape().equals(OTHER);
        }
    }

    private CensusRows() {
    }

    /** Whether the census table exists on this connection's database. */
    public static boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('shardbridge_census') IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Every unit's shapes, by unit, most executed first; the table must exist. */
    public static List<Row> all(Connection c) throws SQLException {
        return read(c, null);
    }

    /** One unit's shapes, most executed first; the table must exist. */
    static List<Readiness.Shape> ofUnit(Connection c, String unit) throws SQLException {
        return read(c, unit).stream().map(Row::shape).toList();
    }

    private static List<Row> read(Connection c, String unit) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT unit_name, shape, kind, route, route_reason, findings, executions, first_seen, "
                + "last_seen FROM shardbridge_census" + (unit == null ? "" : " WHERE unit_name = ?") + " ORDER BY unit_name, executions DESC, shape")) {
            if (unit != null) {
                ps.setString(1, unit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String findings = rs.getString(6);
                    out.add(new Row(rs.getString(1), new Readiness.Shape(rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5) == null ? "" : rs.getString(5),
                            findings == null || findings.isEmpty() ? List.of() : Arrays.asList(findings.split("\n")), rs.getLong(7),
                            rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant())));
                }
            }
        }
        return out;
    }
}
