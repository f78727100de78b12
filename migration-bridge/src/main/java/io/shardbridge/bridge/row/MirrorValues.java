package io.shardbridge.bridge.row;

import io.shardbridge.config.Dialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.UUID;
import org.postgresql.util.PGobject;

/**
 * Binds a value read from PostgreSQL into a statement for the mirror's dialect. PostgreSQL gets a
 * {@link ServerText} as a parameter of unspecified type, parsed by the column's own input function. MySQL gets JSON and
 * UUIDs as text and {@code timestamptz} as the UTC wall-clock time its DATETIME column holds; a
 * non-finite float, which MySQL cannot store, is refused rather than altered.
 */
public final class MirrorValues {
    // Temporal values go to MySQL as text: Connector/J takes MariaDB's "5.5.5-" version prefix for a server
    // without fractional seconds and silently truncates bound java.time values to whole seconds.
    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private MirrorValues() {
    }

    /**
     * Binds a value of {@code column} for a mirror write: on MySQL, forms the value as the column holds it there
     * ({@link io.shardbridge.schema.ColumnDefinition#baseType()} decides: arrays as JSON, intervals as
     * {@link IntervalText}) and refuses what the column cannot hold exactly ({@link ValueRefusedException}).
     */
    public static void bind(PreparedStatement ps, int index, Object value, Dialect dialect, String table, io.shardbridge.schema.ColumnDefinition column)
            throws SQLException {
        if (dialect == Dialect.MYSQL && value != null) {
            value = MysqlForm.of(value, table, column);
        }
        bind(ps, index, value, dialect, table, column.name());
    }

    public static void bind(PreparedStatement ps, int index, Object value, Dialect dialect, String table, String column) throws SQLException {
        if (dialect == Dialect.POSTGRESQL && value instanceof ServerText text) {
            ps.setObject(index, text.text(), java.sql.Types.OTHER); // unspecified: the server parses it as the column's type
            return;
        }
        if (dialect == Dialect.POSTGRESQL || value == null) {
            ps.setObject(index, value);
            return;
        }
        if (value instanceof ServerText text) {
            ps.setString(index, text.text());
        } else if (value instanceof PGobject pg) {
            ps.setString(index, pg.getValue());
        } else if (value instanceof UUID uuid) {
            ps.setString(index, uuid.toString());
        } else if (value instanceof OffsetDateTime t) {
            ps.setString(index, WALL_CLOCK.format(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()));
        } else if (value instanceof LocalDateTime t) {
            ps.setString(index, WALL_CLOCK.format(t));
        } else if (value instanceof LocalTime t) {
            ps.setString(index, t.equals(LocalTime.MAX) ? "24:00:00.000000" : TIME.format(t)); // PostgreSQL's 24:00:00, which TIME holds
        } else if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw new ValueRefusedException("table " + table + ", column " + column + ": value " + value
                    + " cannot be stored on MySQL shards (no NaN or Infinity in FLOAT/DOUBLE) and is not written (the row stays for repair); "
                    + "change the value on legacy or keep the table off MySQL", "22003");
        } else if (value instanceof Float f) {
            ps.setDouble(index, f.doubleValue()); // as text "3.4028235E38" the largest float is out of FLOAT's range; its exact double is not
        } else {
            ps.setObject(index, value);
        }
    }
}
