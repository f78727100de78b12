package io.shardbridge.bridge.row;

import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a row's key columns (primary key, plus the shard key when it is not part of it) as text for
 * the intent table, and reads them back typed by the legacy column types: {@code card_id=42&user_id=7}.
 * Names and values are URL-encoded, so no value can break the framing; a column without {@code =} is NULL.
 */
public final class KeyCodec {
    private KeyCodec() {
    }

    public static String encode(RowImage keyImage) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : keyImage.values().entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8));
            if (e.getValue() != null) {
                out.append('=').append(URLEncoder.encode(text(e.getValue()), StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    public static RowImage decode(TableDefinition table, String encoded) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String text = eq < 0 ? null : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            ColumnDefinition column = table.column(name).orElseThrow(() -> new io.shardbridge.ShardbridgeException(
                    "intent for table " + table.name() + " names column " + name + ", which the table no longer has"));
            values.put(name, text == null ? null : typed(column, text));
        }
        return new RowImage(table.name(), values);
    }

    private static String text(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    private static Object typed(ColumnDefinition column, String text) {
        return switch (column.baseType()) {
            case "smallint", "integer", "bigint" -> Long.valueOf(text);
            case "numeric" -> new BigDecimal(text);
            case "date" -> LocalDate.parse(text);
            case "timestamp" -> LocalDateTime.parse(text);
            case "timestamptz" -> OffsetDateTime.parse(text);
            case "time" -> LocalTime.parse(text);
            case "uuid" -> UUID.fromString(text);
            case "boolean" -> Boolean.valueOf(text);
            case "character varying", "text", "character" -> text;
            default -> new io.shardbridge.bridge.row.ServerText(text); // an enum, inet, ... key: bound back untyped, parsed by the column's type
        };
    }
}
