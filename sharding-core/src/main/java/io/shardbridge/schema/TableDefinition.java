package io.shardbridge.schema;

import java.util.List;
import java.util.Optional;

/** A logical table: columns in order, primary key, secondary indexes. */
public record TableDefinition(String name, List<ColumnDefinition> columns, List<String> primaryKey, List<IndexDefinition> indexes) {
    public TableDefinition {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
    }

    public Optional<ColumnDefinition> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
