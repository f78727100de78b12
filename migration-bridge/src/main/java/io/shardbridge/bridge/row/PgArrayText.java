package io.shardbridge.bridge.row;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A PostgreSQL array between its own text form and the JSON array a MySQL shard holds it as, both ways
 * without loss: dimensions nest, NULL elements are JSON null, numbers stay numbers with their digits as
 * PostgreSQL printed them (1.50 stays 1.50), booleans are JSON booleans, everything else is a JSON string
 * of the element's text. Back from JSON, elements are quoted exactly as PostgreSQL's {@code array_out}
 * quotes them, so the text equals what legacy prints: verification compares that text.
 *
 * <p>What JSON cannot hold is refused, never altered: NaN and ±Infinity elements, and arrays whose
 * lower bound is not 1 ({@code [0:1]={1,2}}).
 */
final class PgArrayText {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> NUMBERS = Set.of("smallint", "integer", "bigint", "numeric", "real", "double precision", "oid");

    private PgArrayText() {
    }

    /** The element type of an array type ({@code integer[]} → {@code integer}). */
    public static String elementType(String arrayBaseType) {
        return arrayBaseType.substring(0, arrayBaseType.length() - 2);
    }

    /** PostgreSQL's text of an array of {@code elementType} as a JSON array. */
    public static String toJson(String pgText, String elementType) {
        if (pgText.startsWith("[")) {
            throw new IllegalArgumentException("array " + pgText + " has a lower bound other than 1, which a JSON array cannot hold");
        }
        char delimiter = delimiter(elementType);
        StringBuilder out = new StringBuilder(pgText.length() + 8);
        int end = element(pgText, 0, delimiter, elementType, out);
        if (end != pgText.length()) {
            throw new IllegalArgumentException("not an array: " + pgText);
        }
        return out.toString();
    }

    /** Parses one element (or a nested array) at {@code i}, appends its JSON, returns the index after it. */
    private static int element(String s, int i, char delimiter, String elementType, StringBuilder out) {
        if (s.charAt(i) == '{') {
            out.append('[');
            i++;
            boolean first = true;
            while (s.charAt(i) != '}') {
                if (!first) {
                    if (s.charAt(i) != delimiter) {
                        throw new IllegalArgumentException("not an array: " + s);
                    }
                    i++;
                    out.append(',');
                }
                i = element(s, i, delimiter, elementType, out);
                first = false;
            }
            out.append(']');
            return i + 1;
        }
        StringBuilder text = new StringBuilder();
        boolean quoted = s.charAt(i) == '"';
        if (quoted) {
            i++;
            while (s.charAt(i) != '"') {
                if (s.charAt(i) == '\\') {
                    i++;
                }
                text.append(s.charAt(i++));
            }
            i++;
        } else {
            while (s.charAt(i) != delimiter && s.charAt(i) != '}') {
                text.append(s.charAt(i++));
            }
        }
        String value = text.toString();
        if (!quoted && value.equalsIgnoreCase("NULL")) {
            out.append("null");
        } else if (NUMBERS.contains(elementType)) {
            if (value.equals("NaN") || value.endsWith("Infinity")) {
                throw new IllegalArgumentException("element " + value + " has no JSON number");
            }
            out.append(value);
        } else if (elementType.equals("boolean")) {
            out.append(value.equals("t") ? "true" : "false");
        } else {
            quoteJson(out, value);
        }
        return i;
    }

    /** A JSON array as PostgreSQL prints the array of {@code elementType} with these elements. */
    public static String fromJson(String json, String elementType) {
        char delimiter = delimiter(elementType);
        StringBuilder out = new StringBuilder(json.length());
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken token = p.nextToken();
            if (token != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("not a JSON array: " + json);
            }
            write(p, token, delimiter, out);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON array: " + json, e);
        }
        return out.toString();
    }

    private static void write(JsonParser p, JsonToken token, char delimiter, StringBuilder out) throws IOException {
        switch (token) {
            case START_ARRAY -> {
                out.append('{');
                boolean first = true;
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (!first) {
                        out.append(delimiter);
                    }
                    write(p, t, delimiter, out);
                    first = false;
                }
                out.append('}');
            }
            case VALUE_NULL -> out.append("NULL");
            case VALUE_TRUE -> out.append('t');
            case VALUE_FALSE -> out.append('f');
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.append(p.getText());
            case VALUE_STRING -> quotePg(out, p.getText(), delimiter);
            default -> throw new IllegalArgumentException("a JSON object is not an array element PostgreSQL can hold");
        }
    }

    /** {@code array_out}'s rule: quote when empty, NULL in any case, or holding a quote, a backslash, a brace, the delimiter or white space. */
    private static void quotePg(StringBuilder out, String text, char delimiter) {
        boolean quote = text.isEmpty() || text.equalsIgnoreCase("NULL");
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == '"' || c == '\\' || c == '{' || c == '}' || c == delimiter || c == ' ' || c == '\t' || c == '\n' || c == '\r'
                    || c == '\u000b' || c == '\f';
        }
        if (!quote) {
            out.append(text);
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static void quoteJson(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** PostgreSQL separates box elements with ';' (a box's text has commas), every other type's with ','. */
    private static char delimiter(String elementType) {
        return elementType.equals("box") ? ';' : ',';
    }
}
