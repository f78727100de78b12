package io.shardbridge.bridge.row;

import io.shardbridge.config.Dialect;
import io.shardbridge.schema.ColumnDefinition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.postgresql.util.PGobject;

/**
 * Reads a column into the Java value PostgreSQL would bind back unchanged, whichever engine holds it:
 * temporals as {@code java.time} (exact to the microsecond, free of the JVM's zone), {@code timestamptz}
 * as an instant, JSON as a typed {@link PGobject}, UUIDs as {@link UUID}. A MySQL shard stores
 * {@code timestamptz} as its UTC wall-clock time, JSON as text and booleans as TINYINT(1), so values read
 * there are turned back into what legacy holds. Every other type (enums, domains, arrays, ranges, interval,
 * timetz, ...) is read in the server's own text form ({@link ServerText}): exact by construction between
 * two PostgreSQL sides. The legacy column type decides, not the result metadata.
 */
public final class ColumnValues {
    private ColumnValues() {
    }

    public static Object read(ResultSet rs, String label, ColumnDefinition column, Dialect source) throws SQLException {
        String type = column.baseType();
        return switch (type) {
            case "timestamptz" -> source == Dialect.POSTGRESQL ? offsetDateTime(rs, label) : utc(localDateTime(rs, label));
            case "timestamp" -> localDateTime(rs, label);
            case "date" -> temporal(rs, label, LocalDate.class);
            case "time" -> source == Dialect.POSTGRESQL ? temporal(rs, label, LocalTime.class) : mysqlTime(rs.getString(label));
            case "json", "jsonb" -> source == Dialect.POSTGRESQL ? rs.getObject(label) : json(type, rs.getString(label));
            case "uuid" -> source == Dialect.POSTGRESQL ? rs.getObject(label) : uuid(rs.getString(label));
            case "boolean" -> {
                boolean b = rs.getBoolean(label);
                yield rs.wasNull() ? null : b;
            }
            case "bytea" -> rs.getBytes(label);
            case "character", "character varying", "text" -> rs.getString(label);
            case "numeric" -> source == Dialect.POSTGRESQL ? numeric(rs.getString(label)) : rs.getBigDecimal(label);
            case "money" -> source == Dialect.POSTGRESQL ? money(rs.getString(label)) : rs.getBigDecimal(label);
            case "interval" -> ServerText.of(rs.getString(label)); // on MySQL in IntervalText's form, which PostgreSQL reads back
            case "smallint", "integer", "bigint", "real", "double precision" -> rs.getObject(label);
            default -> type.endsWith("[]") && source == Dialect.MYSQL ? array(rs.getString(label), type) : ServerText.of(rs.getString(label));
        };
    }

    /**
     * PostgreSQL prints money in its {@code lc_monetary} format ({@code -$92,233,720,368,547,758.08} under C or
     * en_US): the amount is its digits, the point and the sign (a minus or parentheses). A locale whose decimal
     * mark is not a point is refused rather than misread.
     */
    private static java.math.BigDecimal money(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c) || c == '.') {
                digits.append(c);
            } else if (c == ',' && text.length() - i == 3 && Character.isDigit(text.charAt(i + 1))) {
                throw new SQLException("money value " + text + " uses a decimal comma; set lc_monetary to C or en_US for shardbridge's connections", "22P02");
            }
        }
        java.math.BigDecimal amount = new java.math.BigDecimal(digits.toString());
        return text.contains("-") || text.contains("(") ? amount.negate() : amount;
    }

    /** An array a MySQL shard holds as JSON, back in PostgreSQL's text form (see {@link PgArrayText}). */
    private static ServerText array(String json, String type) {
        return json == null ? null : new ServerText(PgArrayText.fromJson(json, PgArrayText.elementType(type)));
    }

    /** MySQL's TIME holds PostgreSQL's 24:00:00, which {@code java.time} reads as {@code LocalTime.MAX} (as the PostgreSQL driver does). */
    private static LocalTime mysqlTime(String text) {
        if (text == null) {
            return null;
        }
        return text.startsWith("24:00:00") ? LocalTime.MAX : LocalTime.parse(text);
    }

    /**
     * PostgreSQL's numeric has NaN and ±Infinity, which BigDecimal cannot hold: they travel as the double of
     * the same name (bound back, PostgreSQL casts it to numeric exactly; the canonical encoding prints it).
     */
    private static Object numeric(String text) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> new java.math.BigDecimal(text);
        };
    }

    /**
     * Result sets that cannot convert to {@code java.time} (ShardingSphere's merged ones) are remembered
     * by class, and read through their JDBC types instead; drivers' own result sets convert exactly.
     */
    private static final java.util.Set<Class<?>> NO_JAVA_TIME = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static <T> T temporal(ResultSet rs, String label, Class<T> type) throws SQLException {
        if (!NO_JAVA_TIME.contains(rs.getClass())) {
            try {
                return rs.getObject(label, type);
            } catch (SQLException | RuntimeException e) {
                NO_JAVA_TIME.add(rs.getClass());
            }
        }
        if (type == LocalTime.class) {
            String text = rs.getString(label); // java.sql.Time would drop the microseconds
            return text == null ? null : type.cast(LocalTime.parse(text));
        }
        Object value = rs.getObject(label);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        if (type == LocalDate.class && value instanceof java.sql.Date d) {
            return type.cast(d.toLocalDate());
        }
        if (type == LocalDateTime.class && value instanceof java.sql.Timestamp t) {
            return type.cast(t.toLocalDateTime());
        }
        if (type == OffsetDateTime.class && value instanceof java.sql.Timestamp t) {
            return type.cast(t.toInstant().atOffset(ZoneOffset.UTC));
        }
        throw new SQLException("column " + label + ": cannot read " + value.getClass().getName() + " as " + type.getSimpleName(), "22000");
    }

    private static LocalDateTime localDateTime(ResultSet rs, String label) throws SQLException {
        return temporal(rs, label, LocalDateTime.class);
    }

    private static OffsetDateTime offsetDateTime(ResultSet rs, String label) throws SQLException {
        return temporal(rs, label, OffsetDateTime.class);
    }

    private static OffsetDateTime utc(LocalDateTime wallClock) {
        return wallClock == null ? null : wallClock.atOffset(ZoneOffset.UTC);
    }

    private static UUID uuid(String text) {
        return text == null ? null : UUID.fromString(text);
    }

    private static PGobject json(String type, String text) throws SQLException {
        if (text == null) {
            return null;
        }
        PGobject json = new PGobject();
        json.setType(type);
        json.setValue(text);
        return json;
    }
}
