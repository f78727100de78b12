package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.row.KeyOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.shardbridge.schema.ColumnDefinition;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.postgresql.util.PGobject;

/**
 * The canonical row encoding of DESIGN §7, in Java: the oracle every pushed-down SQL version
 * ({@link ChecksumSql}) must agree with byte for byte, and the encoder of the columns no engine can
 * encode in SQL (JSON; floats on MySQL).
 *
 * <p>Every value is type-tagged and self-delimiting, so concatenating a row's values is unambiguous:
 * {@code N} for NULL; {@code S<bytes>:<text>} (UTF-8 length, then the text; {@code char(n)} without its
 * pad, uuid in lower case); {@code J<bytes>:<json>} (keys sorted, no whitespace, numbers without scale
 * padding); and for the rest a tag, a payload that cannot contain {@code ;}, and {@code ;}:
 * {@code I} integers, {@code D} numerics without scale padding ({@code 1.50} → {@code 1.5}),
 * {@code F} floats as the hex of their IEEE bits (−0 as 0), {@code B} booleans as 0/1, {@code E} dates as
 * epoch days, {@code M} times as microseconds of the day, {@code T} timestamps as epoch microseconds (UTC
 * for timestamptz, the wall clock read as UTC for timestamp), {@code X} bytes as lower-case hex. PostgreSQL's
 * special values keep their identity: numeric {@code NaN}/{@code Infinity}, dates and timestamps
 * {@code inf}/{@code -inf}, {@code 24:00:00} as 86400000000. Every other type (enums, domains, arrays,
 * ranges, timetz, network, geometric, bit strings, xml, tsvector) is {@code S} over the text PostgreSQL
 * prints for it, which is one text per value (arrays keep their NULL elements and dimensions, a timetz its
 * offset); money is {@code D} (its exact amount, as on MySQL's DECIMAL); an interval is {@code S} over
 * {@link io.shardbridge.bridge.row.IntervalText}'s canonical text (months, days and seconds apart).
 *
 * <p>A row's hash is the first 8 bytes of the MD5 of its encoding, big-endian; a chunk's checksum is
 * the row count and the sum of the row hashes mod 2^64 (DESIGN §7: a sum, never XOR, and a count).
 */
public final class CanonicalEncoding {
    private static final ObjectMapper JSON = JsonMapper.builder().nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).build();
    private static final HexFormat HEX = HexFormat.of();
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private CanonicalEncoding() {
    }

    /** The encoding of the given columns of a row, in the given order. */
    public static String encodeRow(List<ColumnDefinition> columns, java.util.function.Function<String, Object> values) {
        StringBuilder out = new StringBuilder(256);
        for (ColumnDefinition column : columns) {
            encode(out, column, values.apply(column.name()));
        }
        return out.toString();
    }

    /** One value's encoding. */
    public static String encodeValue(ColumnDefinition column, Object value) {
        StringBuilder out = new StringBuilder();
        encode(out, column, value);
        return out.toString();
    }

    /** The row hash: the first 8 bytes of MD5 over the UTF-8 encoding, as a big-endian long. */
    public static long hash(String encoding) {
        byte[] digest = md5().digest(encoding.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (digest[i] & 0xff);
        }
        return h;
    }

    static void encode(StringBuilder out, ColumnDefinition column, Object value) {
        if (value == null) {
            out.append('N');
            return;
        }
        switch (column.baseType()) {
            case "smallint", "integer", "bigint" -> terminated(out, 'I', integer(value).toString());
            case "numeric", "money" -> terminated(out, 'D', decimal(value));
            case "interval" -> lengthPrefixed(out, 'S', io.shardbridge.bridge.row.IntervalText.canonical(value.toString()));
            case "real" -> terminated(out, 'F', String.format("%08x", Float.floatToIntBits(((Number) value).floatValue() + 0.0f)));
            case "double precision" -> terminated(out, 'F', String.format("%016x", Double.doubleToLongBits(((Number) value).doubleValue() + 0.0)));
            case "boolean" -> terminated(out, 'B', bool(value) ? "1" : "0");
            case "date" -> terminated(out, 'E', epochDays(value));
            case "time" -> terminated(out, 'M', Long.toString(microsOfDay(time(value))));
            case "timestamp", "timestamptz" -> terminated(out, 'T', epochMicros(value));
            case "bytea" -> terminated(out, 'X', HEX.formatHex((byte[]) value));
            case "json", "jsonb" -> lengthPrefixed(out, 'J', canonicalJson(value));
            case "character" -> lengthPrefixed(out, 'S', stripPad(value.toString()));
            case "uuid" -> lengthPrefixed(out, 'S', value.toString().toLowerCase(Locale.ROOT));
            default -> lengthPrefixed(out, 'S', value.toString());
        }
    }

    private static void terminated(StringBuilder out, char tag, String payload) {
        out.append(tag).append(payload).append(';');
    }

    private static void lengthPrefixed(StringBuilder out, char tag, String payload) {
        out.append(tag).append(utf8Length(payload)).append(':').append(payload);
    }

    private static BigInteger integer(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toBigIntegerExact();
        }
        if (value instanceof BigInteger b) {
            return b;
        }
        return BigInteger.valueOf(((Number) value).longValue());
    }

    /** The exact value without scale padding; PostgreSQL's NaN and ±Infinity stay as PostgreSQL prints them. */
    static String decimal(Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            return d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
        if (d.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = d.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return ((Number) value).intValue() != 0;
    }

    private static LocalDate date(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }

    private static LocalTime time(Object value) {
        return value instanceof java.sql.Time t ? t.toLocalTime() : (LocalTime) value;
    }

    /** Days since 1970-01-01; PostgreSQL's ±infinity (read as {@code LocalDate.MAX/MIN}) as {@code inf}/{@code -inf}. */
    private static String epochDays(Object value) {
        LocalDate d = date(value);
        return d.equals(LocalDate.MAX) ? "inf" : d.equals(LocalDate.MIN) ? "-inf" : Long.toString(d.toEpochDay());
    }

    /** PostgreSQL's {@code 24:00:00} is read as {@code LocalTime.MAX}: a whole day of microseconds. */
    private static long microsOfDay(LocalTime t) {
        return t.equals(LocalTime.MAX) ? 86_400_000_000L : t.toNanoOfDay() / 1000;
    }

    /**
     * Microseconds since the epoch, exact beyond the range of a long (PostgreSQL's timestamps reach 294276 AD);
     * ±infinity (read as the {@code java.time} extremes) as {@code inf}/{@code -inf}.
     */
    private static String epochMicros(Object value) {
        if (value.equals(OffsetDateTime.MAX) || value.equals(LocalDateTime.MAX)) {
            return "inf";
        }
        if (value.equals(OffsetDateTime.MIN) || value.equals(LocalDateTime.MIN)) {
            return "-inf";
        }
        Instant instant;
        if (value instanceof OffsetDateTime t) {
            instant = t.toInstant();
        } else if (value instanceof LocalDateTime t) {
            instant = t.toInstant(ZoneOffset.UTC);
        } else if (value instanceof java.sql.Timestamp t) {
            instant = t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        } else {
            instant = (Instant) value;
        }
        return BigInteger.valueOf(instant.getEpochSecond()).multiply(BigInteger.valueOf(MICROS_PER_SECOND))
                .add(BigInteger.valueOf(instant.getNano() / 1000)).toString();
    }

    /** Only spaces: {@code char(n)} pads with them, and a tab or a newline is data. */
    private static String stripPad(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(0, end);
    }

    /** Object keys sorted by code point, no insignificant whitespace, numbers as exact values without scale padding. */
    static String canonicalJson(Object value) {
        String text = value instanceof PGobject pg ? pg.getValue() : value.toString();
        try {
            StringBuilder out = new StringBuilder(text.length());
            writeJson(out, JSON.readTree(text));
            return out.toString();
        } catch (IOException e) {
            return text; // not JSON (MySQL would not have stored it): compared as written
        }
    }

    private static void writeJson(StringBuilder out, JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(KeyOrder::compareCodePoints);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quoteJson(names.get(i))).append(':');
                writeJson(out, node.get(names.get(i)));
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            Iterator<JsonNode> elements = node.elements();
            for (int i = 0; elements.hasNext(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeJson(out, elements.next());
            }
            out.append(']');
        } else if (node.isNumber()) {
            out.append(decimal(node.decimalValue()));
        } else if (node.isTextual()) {
            out.append(quoteJson(node.textValue()));
        } else {
            out.append(node.toString()); // true, false, null
        }
    }

    private static String quoteJson(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }
}
