package io.shardbridge.bridge.capture;

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
 * there are turned back into what legacy holds. The legacy column type decides, not the result metadata.
 */
final class ColumnValues {
    private ColumnValues() {
    }

    static Object read(ResultSet rs, String label, ColumnDefinition column, Dialect source) throws SQLException {
        String type = column.baseType();
        return switch (type) {
            case "timestamptz" -> source == Dialect.POSTGRESQL ? rs.getObject(label, OffsetDateTime.class) : utc(rs.getObject(label, LocalDateTime.class));
            case "timestamp" -> rs.getObject(label, LocalDateTime.class);
            case "date" -> rs.getObject(label, LocalDate.class);
            case "time" -> rs.getObject(label, LocalTime.class);
            case "json", "jsonb" -> source == Dialect.POSTGRESQL ? rs.getObject(label) : json(type, rs.getString(label));
            case "uuid" -> source == Dialect.POSTGRESQL ? rs.getObject(label) : uuid(rs.getString(label));
            case "boolean" -> {
                boolean b = rs.getBoolean(label);
                yield rs.wasNull() ? null : b;
            }
            case "bytea" -> rs.getBytes(label);
            case "character", "character varying", "text" -> rs.getString(label);
            case "numeric" -> rs.getBigDecimal(label);
            default -> rs.getObject(label);
        };
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
