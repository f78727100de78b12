package io.shardbridge.bridge.verify;

import io.shardbridge.config.Dialect;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * How one table's rows are hashed on both sides of a comparison: the columns both engines encode in SQL
 * (pushed down), and the rest (streamed: read with the key and encoded in Java). A row's hash is
 * {@code hash(pushed columns) + hash(key columns, streamed columns)}, the second part only when there
 * are streamed columns; the key is part of it so that streamed values swapped between rows still show.
 */
record ChecksumColumns(TableDefinition table, List<ColumnDefinition> pushed, List<ColumnDefinition> streamed, List<ColumnDefinition> key) {
    static ChecksumColumns of(TableDefinition table, Dialect one, Dialect other) {
        List<ColumnDefinition> pushed = new ArrayList<>();
        List<ColumnDefinition> streamed = new ArrayList<>();
        for (ColumnDefinition column : table.columns()) {
            (ChecksumSql.pushable(one, column) && ChecksumSql.pushable(other, column) ? pushed : streamed).add(column);
        }
        List<ColumnDefinition> key = table.primaryKey().stream().map(k -> table.column(k).orElseThrow()).toList();
        return new ChecksumColumns(table, List.copyOf(pushed), List.copyOf(streamed), key);
    }

    boolean streams() {
        return !streamed.isEmpty();
    }

    /** The Java-side part of a row's hash (0 when nothing is streamed). */
    long streamedHash(java.util.function.Function<String, Object> values) {
        if (streamed.isEmpty()) {
            return 0;
        }
        List<ColumnDefinition> columns = new ArrayList<>(key);
        columns.addAll(streamed);
        return CanonicalEncoding.hash(CanonicalEncoding.encodeRow(columns, values));
    }
}
