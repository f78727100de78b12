package io.shardbridge.schema;

import java.util.List;
import java.util.Optional;

/**
 * A logical table: columns in order, primary key, secondary indexes, and the user-defined types its
 * columns need (dependencies first: a domain over an enum comes after the enum).
 */
public record TableDefinition(String name, List<ColumnDefinition> columns, List<String> primaryKey, List<IndexDefinition> indexes,
                              List<UserType> types) {
    public TableDefinition {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        types = List.copyOf(types);
    }

    /** A table whose columns are all of built-in types. */
    public TableDefinition(String name, List<ColumnDefinition> columns, List<String> primaryKey, List<IndexDefinition> indexes) {
        this(name, columns, primaryKey, indexes, List.of());
    }

    public Optional<ColumnDefinition> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** The user-defined type of this name ({@link ColumnDefinition#baseType()} without {@code []}), if the table needs one. */
    public Optional<UserType> userType(String typeName) {
        return types.stream().filter(t -> t.name().equals(typeName)).findFirst();
    }
}
