package io.shardbridge.bridge.shadow;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares two answers to the same read from different engines. Values are compared by what they
 * mean, not by Java type: numbers by exact value ({@code 1.50} = {@code 1.5}, Long 1 = Integer 1),
 * instants by instant, bytes by content, JSON and other objects by their text.
 */
public final class ResultComparison {
    private static final Pattern ORDER_BY = Pattern.compile("(?is).*\\border\\s+by\\b[^)]*$");

    private ResultComparison() {
    }

    /** Every row of {@code rs}, each value canonical. */
    public static List<List<Object>> rows(ResultSet rs) throws SQLException {
        RowReader reader = reader(rs.getMetaData());
        List<List<Object>> out = new ArrayList<>();
        while (rs.next()) {
            out.add(reader.read(rs));
        }
        return out;
    }

    /** How {@link #rows} reads each row of a result with this metadata (for a caller who moves the cursor itself). */
    public static RowReader reader(ResultSetMetaData meta) throws SQLException {
        int n = meta.getColumnCount();
        boolean[] asText = new boolean[n + 1];
        for (int c = 1; c <= n; c++) {
            asText[c] = readAsText(meta.getColumnType(c), meta.getColumnTypeName(c));
        }
        return new RowReader(asText);
    }

    /** Reads the current row the way the comparison compares it. */
    public static final class RowReader {
        private final boolean[] asText;

        private RowReader(boolean[] asText) {
            this.asText = asText;
        }

        public List<Object> read(ResultSet rs) throws SQLException {
            List<Object> row = new ArrayList<>(asText.length - 1);
            for (int c = 1; c < asText.length; c++) {
                row.add(asText[c] ? rs.getString(c) : canonicalObject(rs, c));
            }
            return row;
        }
    }

    /**
     * Arrays, PostgreSQL's own types (enums, ranges, intervals, network, geometric, ...) and {@code timetz} are
     * compared as the server prints them: their JDBC objects either lose precision ({@code java.sql.Time} drops
     * a timetz's microseconds and offset) or compare by identity ({@code java.sql.Array}); money's object is a
     * double the PostgreSQL driver cannot even read above 999.99 (it trips over the group separator).
     */
    private static boolean readAsText(int jdbcType, String typeName) {
        return "money".equalsIgnoreCase(typeName) || jdbcType == java.sql.Types.ARRAY || jdbcType == java.sql.Types.OTHER || jdbcType == java.sql.Types.STRUCT
                || jdbcType == java.sql.Types.TIME_WITH_TIMEZONE || "timetz".equalsIgnoreCase(typeName);
    }

    /** A value by its object, or by its text where the driver cannot produce the object. */
    private static Object canonicalObject(ResultSet rs, int c) throws SQLException {
        try {
            Object value = rs.getObject(c);
            return value instanceof java.sql.SQLXML xml ? xml.getString() : canonical(value); // an SQLXML prints its identity
        } catch (SQLException e) {
            return rs.getString(c);
        }
    }

    /** True when the statement orders its rows at the outermost level (so order must match too). */
    static boolean ordered(String sql) {
        return ORDER_BY.matcher(sql).matches();
    }

    /** Null when equal; otherwise a short description of the first difference. */
    static String difference(List<List<Object>> expected, List<List<Object>> actual, boolean ordered) {
        if (expected.size() != actual.size()) {
            return "authoritative side returned " + expected.size() + " rows, the other side " + actual.size();
        }
        if (ordered) {
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    return "row " + (i + 1) + ": " + expected.get(i) + " vs " + actual.get(i);
                }
            }
            return null;
        }
        Map<List<Object>, Integer> counts = new HashMap<>();
        expected.forEach(r -> counts.merge(r, 1, Integer::sum));
        for (List<Object> row : actual) {
            Integer left = counts.get(row);
            if (left == null) {
                return "row " + row + " is only on the other side";
            }
            if (left == 1) {
                counts.remove(row);
            } else {
                counts.put(row, left - 1);
            }
        }
        return counts.isEmpty() ? null : "row " + counts.keySet().iterator().next() + " is only on the authoritative side";
    }

    static Object canonical(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(d).stripTrailingZeros() : Double.toString(d);
        }
        if (value instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof String || value instanceof java.time.temporal.Temporal) {
            return value;
        }
        return value.toString();
    }

    static List<Object> row(Object... values) {
        return Arrays.stream(values).map(ResultComparison::canonical).toList();
    }
}
