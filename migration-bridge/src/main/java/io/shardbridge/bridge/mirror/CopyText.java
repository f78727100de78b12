package io.shardbridge.bridge.mirror;

import io.shardbridge.bridge.row.PgTemporalText;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.postgresql.util.PGobject;

/**
 * One value in PostgreSQL's COPY text format: {@code \N} for NULL; backslash, tab, newline and carriage
 * return escaped; bytea as {@code \\x…} (its input syntax, with the backslash itself escaped);
 * temporals in ISO form with the offset kept, infinities and BC years spelled out ({@link PgTemporalText});
 * a {@link ServerText} as the server printed it; everything else as its text.
 */
final class CopyText {
    private CopyText() {
    }

    static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof byte[] bytes) {
            out.append("\\\\x").append(HexFormat.of().formatHex(bytes));
        } else if (value instanceof Boolean b) {
            out.append(b ? 't' : 'f');
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof OffsetDateTime || value instanceof LocalDateTime || value instanceof LocalDate || value instanceof LocalTime) {
            out.append(PgTemporalText.of(value));
        } else if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            double v = ((Number) value).doubleValue();
            out.append(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        } else {
            escape(out, value instanceof PGobject pg ? pg.getValue() : value.toString());
        }
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
