package io.shardbridge.bridge.verify;

import io.shardbridge.config.Dialect;
import io.shardbridge.schema.ColumnDefinition;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link CanonicalEncoding} written in each engine's own SQL, so that a chunk's checksum is computed
 * where the rows are and only two numbers cross the network (DESIGN §7). Each expression yields
 * exactly the oracle's text for the value; the row hash is the first 16 hex digits of the MD5 of the
 * concatenation. {@code VerifyEncodingIT} proves both engines equal to the oracle on a corpus of edge
 * values per type.
 *
 * <p>What an engine cannot encode in SQL is streamed and encoded in Java ({@link #pushable}): JSON on
 * both (MySQL keeps JSON as text and PostgreSQL's {@code json} keeps it as written; neither sorts keys
 * the oracle's way), and floats on MySQL (it has no way to show a float's bits, and prints FLOAT with
 * six digits).
 */
final class ChecksumSql {
    private ChecksumSql() {
    }

    /** Whether {@code dialect} can compute this column's encoding in SQL. */
    static boolean pushable(Dialect dialect, ColumnDefinition column) {
        return switch (column.baseType()) {
            case "json", "jsonb" -> false;
            case "real", "double precision" -> dialect == Dialect.POSTGRESQL;
            default -> dialect == Dialect.POSTGRESQL || !column.baseType().endsWith("[]"); // MySQL holds arrays as JSON
        };
    }

    /** The SQL for the row hash over {@code columns} (all pushable), as a signed (PostgreSQL) or unsigned (MySQL) 64-bit integer. */
    static String rowHash(Dialect dialect, List<ColumnDefinition> columns) {
        if (columns.isEmpty()) {
            return "0";
        }
        String parts = columns.stream().map(c -> c.notNull() ? value(dialect, c) : "COALESCE(" + value(dialect, c) + ", 'N')").collect(Collectors.joining(dialect == Dialect.POSTGRESQL ? " || " : ", "));
        return dialect == Dialect.POSTGRESQL
                ? "('x' || substr(md5(" + parts + "), 1, 16))::bit(64)::bigint"
                : "CAST(CONV(LEFT(MD5(CONCAT(" + parts + ")), 16), 16, 10) AS UNSIGNED)";
    }

    /** One value's encoding, NULL when the value is NULL. */
    static String value(Dialect dialect, ColumnDefinition column) {
        String c = dialect.quote(column.name());
        return dialect == Dialect.POSTGRESQL ? postgres(column, c) : mysql(column, c);
    }

    private static String postgres(ColumnDefinition column, String c) {
        return switch (column.baseType()) {
            case "smallint", "integer", "bigint" -> "'I' || " + c + " || ';'";
            case "numeric" -> "'D' || trim_scale(" + c + ") || ';'";
            case "money" -> "'D' || trim_scale(" + c + "::numeric) || ';'";
            case "interval" -> {
                String text = "('P' || (EXTRACT(YEAR FROM " + c + ") * 12 + EXTRACT(MONTH FROM " + c + "))::bigint || 'M' || EXTRACT(DAY FROM " + c
                        + ")::bigint || 'DT' || trim_scale(EXTRACT(HOUR FROM " + c + ") * 3600 + EXTRACT(MINUTE FROM " + c + ") * 60 + EXTRACT(SECOND FROM "
                        + c + ")) || 'S')"; // IntervalText's canonical form
                yield "'S' || octet_length(" + text + ") || ':' || " + text;
            }
            case "real" -> "'F' || encode(float4send(" + c + " + 0::float4), 'hex') || ';'";
            case "double precision" -> "'F' || encode(float8send(" + c + " + 0::float8), 'hex') || ';'";
            case "boolean" -> "'B' || " + c + "::int || ';'";
            // infinity compared, never cast: 'cannot convert infinity to bigint' is a 0A000, on which a pool closes the connection
            case "date" -> "'E' || CASE WHEN " + c + " = 'infinity' THEN 'inf' WHEN " + c + " = '-infinity' THEN '-inf' ELSE (" + c
                    + " - DATE '1970-01-01')::text END || ';'";
            case "time" -> "'M' || trim_scale(EXTRACT(EPOCH FROM " + c + ") * 1000000) || ';'";
            case "timestamp", "timestamptz" -> "'T' || " + epochMicros(column, c) + " || ';'";
            case "bytea" -> "'X' || encode(" + c + ", 'hex') || ';'";
            case "json", "jsonb" -> throw new IllegalArgumentException("JSON is streamed, not pushed down");
            // inet's cast to text adds /32 to a host address; abbrev() is its output function's text, the text row images carry
            case "inet" -> "'S' || octet_length(abbrev(" + c + ")) || ':' || abbrev(" + c + ")";
            default -> {
                String text = c + "::text"; // char(n) loses its pad here; uuid prints in lower case
                yield "'S' || octet_length(" + text + ") || ':' || " + text;
            }
        };
    }

    /**
     * Epoch microseconds of a timestamp in PostgreSQL, as text. Infinity is compared, never cast: "cannot
     * convert infinity to bigint" is a 0A000, on which the pool closes the connection. EXTRACT(EPOCH) is exact
     * up to about 294247 AD and rounds to the second beyond (it divides in numeric there), so the last years
     * of PostgreSQL's range take days and time of day apart, in numeric (their microseconds exceed a bigint).
     */
    private static String epochMicros(ColumnDefinition column, String c) {
        String utc = column.baseType().equals("timestamptz") ? "(" + c + " AT TIME ZONE 'UTC')" : c;
        return "CASE WHEN " + c + " = 'infinity' THEN 'inf' WHEN " + c + " = '-infinity' THEN '-inf' WHEN " + c
                + " < '200000-01-01' THEN (EXTRACT(EPOCH FROM " + c + ") * 1000000)::bigint::text ELSE (((" + utc + ")::date - DATE '1970-01-01')::numeric"
                + " * 86400000000 + (EXTRACT(EPOCH FROM (" + utc + ")::time) * 1000000)::bigint)::text END";
    }

    private static String mysql(ColumnDefinition column, String c) {
        return switch (column.baseType()) {
            case "smallint", "integer", "bigint" -> "CONCAT('I', " + c + ", ';')";
            // the exact value: trailing zeros of the fraction go, then a bare point
            case "numeric", "money" -> "CONCAT('D', IF(LOCATE('.', " + c + ") > 0, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + c + ")), " + c + "), ';')";
            case "boolean" -> "CONCAT('B', " + c + " <> 0, ';')";
            case "date" -> "CONCAT('E', DATEDIFF(" + c + ", '1970-01-01'), ';')";
            case "time" -> "CONCAT('M', HOUR(" + c + ") * 3600000000 + MINUTE(" + c + ") * 60000000 + SECOND(" + c + ") * 1000000 + MICROSECOND(" + c
                    + "), ';')";
            // DATETIME holds the wall clock (timestamp) or the UTC instant (timestamptz): no session time zone involved
            case "timestamp", "timestamptz" -> "CONCAT('T', TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', " + c + "), ';')";
            case "bytea" -> "CONCAT('X', LOWER(HEX(" + c + ")), ';')";
            case "real", "double precision", "json", "jsonb" -> throw new IllegalArgumentException(column.baseType() + " is streamed on MySQL");
            case "character" -> {
                String text = "TRIM(TRAILING ' ' FROM " + c + ")";
                yield "CONCAT('S', LENGTH(" + text + "), ':', " + text + ")";
            }
            case "uuid" -> "CONCAT('S', LENGTH(" + c + "), ':', LOWER(" + c + "))";
            default -> "CONCAT('S', LENGTH(" + c + "), ':', " + c + ")";
        };
    }

    /** A key column in binary order: compared and sorted the same way on both engines (DESIGN §7). */
    static String binaryOrdered(Dialect dialect, ColumnDefinition column) {
        String c = dialect.quote(column.name());
        boolean text = switch (column.baseType()) {
            case "text", "character varying", "character" -> true; // uuid: bytes, the order of its lower-case text
            default -> false;
        };
        if (!text) {
            return c;
        }
        // MySQL: the shards' key columns are utf8mb4_bin (see MysqlPhysicalDdl), already code-point order
        return dialect == Dialect.POSTGRESQL ? c + " COLLATE \"C\"" : c;
    }
}
