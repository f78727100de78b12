package io.shardbridge.sharding;

import io.shardbridge.ShardbridgeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/** Normalizes the Java types a JDBC parameter or result column may carry into comparable key values. */
final class KeyValues {
    private KeyValues() {
    }

    static BigInteger integral(Object value, String table) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return b;
        }
        try {
            BigDecimal d = decimal(value, table);
            return d.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new ShardbridgeException("table " + table + ": shard-key value " + value + " is not a whole number; "
                    + "algorithm mod needs an integer key (use hash-mod for other keys)");
        }
    }

    static BigDecimal decimal(Object value, String table) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw notPlaceable(value, table, "a number");
            }
        }
        throw notPlaceable(value, table, "a number");
    }

    static LocalDate date(Object value, String table) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toLocalDate();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        }
        if (value instanceof ZonedDateTime t) {
            return t.withZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        }
        if (value instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC).toLocalDate();
        }
        if (value instanceof java.util.Date d) {
            return new java.sql.Timestamp(d.getTime()).toLocalDateTime().toLocalDate();
        }
        if (value instanceof String s && s.length() >= 10) {
            try {
                return LocalDate.parse(s.substring(0, 10));
            } catch (java.time.format.DateTimeParseException e) {
                throw notPlaceable(value, table, "a date or timestamp");
            }
        }
        throw notPlaceable(value, table, "a date or timestamp");
    }

    /**
     * The bytes hash-mod hashes. Integers of any Java width hash alike (an INT parameter and a BIGINT
     * column must agree); everything else hashes by its text, UUIDs in their canonical lower-case form.
     */
    static long stableHash(Object value, String table) {
        if (value == null) {
            throw new ShardbridgeException("table " + table + ": the shard-key value is NULL; every row needs a shard-key value");
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return mix(((Number) value).longValue());
        }
        if (value instanceof BigInteger b && b.bitLength() < 64) {
            return mix(b.longValue());
        }
        if (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0 && d.toBigInteger().bitLength() < 64) {
            return mix(d.longValueExact());
        }
        String text = value instanceof UUID u ? u.toString() : value.toString();
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** The SplitMix64 finalizer: spreads consecutive keys evenly over the slots. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static ShardbridgeException notPlaceable(Object value, String table, String expected) {
        if (value == null) {
            return new ShardbridgeException("table " + table + ": the shard-key value is NULL; every row needs a shard-key value");
        }
        return new ShardbridgeException("table " + table + ": shard-key value '" + value + "' (" + value.getClass().getSimpleName()
                + ") is not " + expected + " as the table's algorithm needs; check the shard-key column and algorithm in target.tables." + table);
    }
}
