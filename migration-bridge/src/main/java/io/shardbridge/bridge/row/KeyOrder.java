package io.shardbridge.bridge.row;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Orders key values the way both engines order them in verification SQL (verification's binary-ordered SQL):
 * numbers by value, text by code point (UTF-8 byte order, not {@link String#compareTo}'s UTF-16 order),
 * UUIDs by their lower-case text, dates and times chronologically.
 */
public final class KeyOrder {
    private KeyOrder() {
    }

    public static Comparator<RowImage> of(List<String> key) {
        return (a, b) -> {
            for (String column : key) {
                int c = compare(a.get(column), b.get(column));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a instanceof String || a instanceof UUID || b instanceof String || b instanceof UUID) {
            return compareCodePoints(a.toString(), b.toString());
        }
        if (a instanceof Comparable x && a.getClass().equals(b.getClass())) {
            return x.compareTo(b);
        }
        return compareCodePoints(a.toString(), b.toString());
    }

    /** Binary (code point, = UTF-8 byte) order: the order chunk boundaries use on both engines. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
