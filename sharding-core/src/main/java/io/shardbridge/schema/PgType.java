package io.shardbridge.schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL type as {@code format_type()} prints it, split into its base name and modifiers:
 * {@code numeric(12,2)} → numeric, 12, 2; {@code timestamp(3) with time zone} → timestamptz, 3;
 * {@code integer[]} → integer, array. Every type PostgreSQL can print parses: a name this class has no
 * pattern for ({@code int4range}, {@code public.mood}, {@code "char"}, {@code interval day to second(3)})
 * is its own base without modifiers, so PostgreSQL shards take it as written and the MySQL mapping
 * ({@link MysqlPhysicalDdl}) refuses it by name.
 */
record PgType(String base, Integer arg1, Integer arg2, boolean array) {
    private static final Pattern FORMAT = Pattern.compile(
            "^([a-z_ ]+?)(?:\\((\\d+)(?:,(\\d+))?\\))?( with time zone| without time zone)?$");

    static PgType parse(String formatted, String table, String column) {
        String text = formatted.trim();
        boolean array = text.endsWith("[]");
        while (text.endsWith("[]")) {
            text = text.substring(0, text.length() - 2);
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("interval")) {
            return new PgType("interval", null, null, array); // interval, interval(3), interval day to second(3), ...
        }
        Matcher m = FORMAT.matcher(lower);
        if (!m.matches()) {
            return new PgType(text, null, null, array);
        }
        String base = m.group(1).trim();
        String zone = m.group(4);
        if (zone != null && zone.contains("with time zone")) {
            base = base.equals("time") ? "timetz" : "timestamptz";
        }
        return new PgType(base,
                m.group(2) == null ? null : Integer.valueOf(m.group(2)),
                m.group(3) == null ? null : Integer.valueOf(m.group(3)),
                array);
    }
}
