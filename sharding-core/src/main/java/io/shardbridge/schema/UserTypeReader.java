package io.shardbridge.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads from the legacy catalog the user-defined types a column type needs, dependencies first: the
 * element of an array, the base of a domain, the attributes of a composite, the subtype of a range.
 * Types PostgreSQL ships ({@code pg_catalog}) need nothing; a type an extension owns needs its extension.
 */
final class UserTypeReader {
    private static final String TYPE = """
            SELECT format_type(t.oid, NULL), n.nspname, t.typtype, t.typcategory, t.typelem, t.typbasetype,
                   format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault, t.typrelid,
                   (SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                     WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e' LIMIT 1)
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = ?""";
    private static final String ENUM_LABELS = "SELECT enumlabel FROM pg_enum WHERE enumtypid = ? ORDER BY enumsortorder";
    private static final String DOMAIN_CHECKS = "SELECT 'CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid) "
            + "FROM pg_constraint WHERE contypid = ? ORDER BY conname";
    private static final String ATTRIBUTES = "SELECT quote_ident(attname), atttypid, format_type(atttypid, atttypmod) FROM pg_attribute "
            + "WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped ORDER BY attnum";
    private static final String RANGE = "SELECT rngsubtype, format_type(rngsubtype, NULL), rngtypid FROM pg_range WHERE rngtypid = ? OR rngmultitypid = ?";

    private final Connection legacy;
    private final Map<Long, UserType> found = new LinkedHashMap<>();
    private final java.util.Set<Long> visited = new java.util.HashSet<>();

    UserTypeReader(Connection legacy) {
        this.legacy = legacy;
    }

    /** The types found so far, dependencies first. */
    List<UserType> types() {
        return new ArrayList<>(found.values());
    }

    void collect(long oid) throws SQLException {
        if (!visited.add(oid)) {
            return;
        }
        try (PreparedStatement ps = legacy.prepareStatement(TYPE)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                String name = rs.getString(1);
                String schema = rs.getString(2);
                String kind = rs.getString(3);
                long element = rs.getLong(5);
                String extension = rs.getString(11);
                if ("A".equals(rs.getString(4)) && element != 0) {
                    collect(element);
                } else if (extension != null) {
                    found.put(oid, new UserType(name, schema, UserType.Kind.EXTENSION, List.of(), null, extension));
                } else if (!schema.equals("pg_catalog") && !schema.equals("information_schema")) {
                    switch (kind) {
                        case "e" -> found.put(oid, new UserType(name, schema, UserType.Kind.ENUM, labels(oid), null, null));
                        case "d" -> domain(oid, name, schema, rs.getLong(6), rs.getString(7), rs.getBoolean(8), rs.getString(9));
                        case "c" -> composite(oid, name, schema, rs.getLong(10));
                        case "r", "m" -> range(oid, name, schema, kind.equals("m"));
                        default -> { } // a C-language base type: CREATE TABLE on the shard names it if it is missing there
                    }
                }
            }
        }
    }

    private List<String> labels(long oid) throws SQLException {
        List<String> labels = new ArrayList<>();
        try (PreparedStatement ps = legacy.prepareStatement(ENUM_LABELS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    labels.add(rs.getString(1));
                }
            }
        }
        return labels;
    }

    private void domain(long oid, String name, String schema, long baseOid, String base, boolean notNull, String defaultExpr) throws SQLException {
        collect(baseOid);
        StringBuilder definition = new StringBuilder("AS ").append(base);
        if (defaultExpr != null) {
            definition.append(" DEFAULT ").append(defaultExpr);
        }
        if (notNull) {
            definition.append(" NOT NULL");
        }
        try (PreparedStatement ps = legacy.prepareStatement(DOMAIN_CHECKS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    definition.append(' ').append(rs.getString(1));
                }
            }
        }
        found.put(oid, new UserType(name, schema, UserType.Kind.DOMAIN, List.of(), base, definition.toString()));
    }

    private void composite(long oid, String name, String schema, long relation) throws SQLException {
        List<String> attributes = new ArrayList<>();
        List<Long> needed = new ArrayList<>();
        try (PreparedStatement ps = legacy.prepareStatement(ATTRIBUTES)) {
            ps.setLong(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    attributes.add(rs.getString(1) + " " + rs.getString(3));
                    needed.add(rs.getLong(2));
                }
            }
        }
        for (long attributeType : needed) {
            collect(attributeType);
        }
        found.put(oid, new UserType(name, schema, UserType.Kind.COMPOSITE, List.of(), null, "AS (" + String.join(", ", attributes) + ")"));
    }

    private void range(long oid, String name, String schema, boolean multirange) throws SQLException {
        long subtype;
        String subtypeName;
        long rangeOid;
        try (PreparedStatement ps = legacy.prepareStatement(RANGE)) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                subtype = rs.getLong(1);
                subtypeName = rs.getString(2);
                rangeOid = rs.getLong(3);
            }
        }
        if (multirange) {
            collect(rangeOid); // created with its range
            return;
        }
        collect(subtype);
        found.put(oid, new UserType(name, schema, UserType.Kind.RANGE, List.of(), subtypeName, "AS RANGE (subtype = " + subtypeName + ")"));
    }
}
