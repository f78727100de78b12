package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.mirror.RowImage;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Orders key values the way both engines order them in verification SQL ({@link ChecksumSql#binaryOrdered}):
 * numbers by value, text by code point (UTF-8 byte order, not {@link String#compareTo}'s UTF-16 order),
 * UUIDs by their lower-case text, dates and times chronologically.
 */
final class KeyOrder {
    private KeyOrder() {
    }

    static Comparator<RowImage> of(List<String> key) {
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
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a instanceof String || a instanceof UUID || b instanceof String || b instanceof UUID) {
            return CanonicalEncoding.compareCodePoints(a.toString(), b.toString());
        }
        if (a instanceof Comparable x && a.getClass().equals(b.getClass())) {
            return x.compareTo(b);
        }
        return CanonicalEncoding.compareCodePoints(a.toString(), b.toString());
    }
}
