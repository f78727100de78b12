package io.shardbridge.bridge.row;

import io.shardbridge.schema.ColumnDefinition;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * A row-image value (PostgreSQL's value, see {@code ColumnValues}) in the form its MySQL column holds
 * (docs/schema.md): an array as JSON, an interval as {@link IntervalText}, every other {@link ServerText}
 * as the text itself; the rest is bound as it is. A value the column cannot hold exactly is refused with
 * {@link ValueRefusedException}, never rounded, clamped or dropped: NaN and ±Infinity in a DECIMAL, ±infinity
 * and years outside 1..9999 in a DATE or DATETIME, NaN elements and non-default lower bounds in a JSON array.
 */
final class MysqlForm {
    private MysqlForm() {
    }

    static Object of(Object value, String table, ColumnDefinition column) throws ValueRefusedException {
        String type = column.baseType();
        if (value instanceof ServerText text) {
            if (type.endsWith("[]")) {
                try {
                    return PgArrayText.toJson(text.text(), PgArrayText.elementType(type));
                } catch (IllegalArgumentException e) {
                    throw refused(table, column, e.getMessage(), "22003");
                }
            }
            if (type.equals("interval")) {
                return IntervalText.canonical(text.text());
            }
            return text.text();
        }
        if (type.equals("numeric") && value instanceof Double d && !Double.isFinite(d)) {
            throw refused(table, column, "value " + (d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity") + " has no MySQL DECIMAL", "22003");
        }
        LocalDate date = value instanceof LocalDate d ? d : value instanceof LocalDateTime t ? t.toLocalDate()
                : value instanceof OffsetDateTime t ? t.toLocalDate() : null;
        if (date != null && (date.getYear() < 1 || date.getYear() > 9999)) {
            boolean infinite = value.equals(LocalDate.MAX) || value.equals(LocalDate.MIN) || value.equals(LocalDateTime.MAX)
                    || value.equals(LocalDateTime.MIN) || value.equals(OffsetDateTime.MAX) || value.equals(OffsetDateTime.MIN);
            throw refused(table, column, (infinite ? "value " + PgTemporalText.of(value) : "value " + PgTemporalText.of(value) + " (a year outside 1..9999)")
                    + " has no MySQL " + (type.equals("date") ? "DATE" : "DATETIME"), "22008");
        }
        return value;
    }

    private static ValueRefusedException refused(String table, ColumnDefinition column, String why, String sqlState) {
        return new ValueRefusedException("table " + table + ", column " + column.name() + ": " + why + "; it cannot be stored on MySQL shards "
                + "and is not written (the row stays for repair); change the value on legacy, or keep the table on PostgreSQL shards", sqlState);
    }
}
