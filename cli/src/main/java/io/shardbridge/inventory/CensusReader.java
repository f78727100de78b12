package io.shardbridge.inventory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statement census that shardbridge keeps in the control store for the units it already fronts
 * ({@code shardbridge_census}, written by the readiness census from DUAL_WRITE on): every statement shape
 * the service really sent, with its executions. The inventory reads it, never creates it: where the table
 * does not exist, no service runs through shardbridge yet and the inventory says so. Shapes fold values
 * to {@code ?} and lists to {@code ?…}; a shape is parsed with the list marker read as one value.
 */
final class CensusReader {
    /** One census shape of a unit. */
    record Shape(String unit, String shape, long executions) {
        /** The shape as a statement the parser reads. */
        String sql() {
            return shape.replace("?…", "?");
        }
    }

    /** @param note what was read, or why nothing was */
    record Read(List<Shape> shapes, String note) {
    }

    private CensusReader() {
    }

    static Read read(Connection control) throws SQLException {
        try (PreparedStatement exists = control.prepareStatement("SELECT to_regclass('shardbridge_census') IS NOT NULL");
             ResultSet rs = exists.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return new Read(List.of(), "no statement census in the control store (no service runs through shardbridge yet): tables written "
                        + "together come from multi-table statements and sampled transactions");
            }
        }
        List<Shape> shapes = new ArrayList<>();
        try (PreparedStatement ps = control.prepareStatement("SELECT unit_name, shape, executions FROM shardbridge_census "
                + "WHERE shape <> '(other shapes)' ORDER BY unit_name, executions DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                shapes.add(new Shape(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return new Read(shapes, "read " + shapes.size() + " statement shapes from the statement census in the control store");
    }
}
