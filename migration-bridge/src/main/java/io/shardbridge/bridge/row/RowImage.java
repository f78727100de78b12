package io.shardbridge.bridge.row;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one row as the authoritative side holds it after a statement: every column for an
 * upsert, or the key columns (plus the shard key when known) for a delete. Column names are lower case.
 */
public record RowImage(String table, Map<String, Object> values) {
    public RowImage {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Object get(String column) {
        return values.get(column);
    }

    public boolean has(String column) {
        return values.containsKey(column);
    }

    /** The image of these columns only (a key image, for instance). */
    public RowImage project(List<String> columns) {
        Map<String, Object> projected = new LinkedHashMap<>();
        columns.forEach(c -> projected.put(c, values.get(c)));
        return new RowImage(table, projected);
    }

    /**
     * The values of these columns, normalized so that equal keys compare equal whichever engine or
     * driver produced them: for map keys and sets of rows.
     */
    public List<Object> keyValues(List<String> columns) {
        List<Object> key = new ArrayList<>(columns.size());
        columns.forEach(c -> key.add(normalize(values.get(c))));
        return key;
    }

    /** One value for equal numbers of different Java types (Integer 1, Long 1, BigDecimal 1.0). */
    public static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return normalize(new BigDecimal(big));
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            return stripped.scale() <= 0 && stripped.precision() - stripped.scale() < 19 ? (Object) stripped.longValueExact() : stripped;
        }
        return value;
    }
}
