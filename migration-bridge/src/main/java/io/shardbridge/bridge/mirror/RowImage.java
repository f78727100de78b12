package io.shardbridge.bridge.mirror;

import java.util.Collections;
import java.util.LinkedHashMap;
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
}
