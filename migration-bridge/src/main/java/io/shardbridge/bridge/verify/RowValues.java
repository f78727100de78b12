package io.shardbridge.bridge.verify;

import io.shardbridge.schema.ColumnDefinition;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Objects;
import org.postgresql.util.PGobject;

/**
 * Equality of two values of one column read from different engines (both already read by the legacy
 * column type): numerics by exact value ({@code 1.50} = {@code 1.5}), instants by instant, bytes by
 * content, JSON with insignificant whitespace removed, {@code char(n)} without its pad.
 */
final class RowValues {
    private RowValues() {
    }

    static boolean same(ColumnDefinition column, Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if ((a instanceof Double || a instanceof Float) && (b instanceof Double || b instanceof Float)
                && !(Double.isFinite(((Number) a).doubleValue()) && Double.isFinite(((Number) b).doubleValue()))) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()) == 0; // NaN and the infinities
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
            return x.toInstant().equals(y.toInstant());
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof PGobject || b instanceof PGobject) {
            return text(a).replaceAll("\\s", "").equals(text(b).replaceAll("\\s", ""));
        }
        if ("character".equals(column.baseType()) && a instanceof String x && b instanceof String y) {
            return x.stripTrailing().equals(y.stripTrailing());
        }
        return Objects.equals(a, b) || a.toString().equals(b.toString());
    }

    private static String text(Object value) {
        return value instanceof PGobject pg ? String.valueOf(pg.getValue()) : value.toString();
    }

    /** Orders two key values of one column the same way on both sides (numbers by value, text by code point). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareKey(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a instanceof Comparable x && a.getClass().equals(b.getClass())) {
            return x.compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }
}
