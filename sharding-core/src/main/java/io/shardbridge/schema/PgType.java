package io.shardbridge.schema;

import io.shardbridge.ShardbridgeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL type as {@code format_type()} prints it, split into its base name and modifiers:
 * {@code numeric(12,2)} → numeric, 12, 2; {@code timestamp(3) with time zone} → timestamptz, 3.
 */
record PgType(String base, Integer arg1, Integer arg2, boolean array) {
    private static final Pattern FORMAT = Pattern.compile(
            "^([a-z_ ]+?)(?:\\((\\d+)(?:,(\\d+))?\\))?( with time zone| without time zone)?(\\[\\])?$");

    static PgType parse(String formatted, String table, String column) {
        Matcher m = FORMAT.matcher(formatted.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new ShardbridgeException("table " + table + ", column " + column + ": type '" + formatted
                    + "' is not one shardbridge can provision; change the column to a common type (see docs/schema.md)");
        }
        String base = m.group(1).trim();
        String zone = m.group(4);
        if (zone != null && zone.contains("with time zone")) {
            base = base.equals("time") ? "timetz" : "timestamptz";
        }
        return new PgType(base,
                m.group(2) == null ? null : Integer.valueOf(m.group(2)),
                m.group(3) == null ? null : Integer.valueOf(m.group(3)),
                m.group(5) != null);
    }
}
