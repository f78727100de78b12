package io.shardbridge.schema;

import java.util.List;

/** A secondary index on plain columns. */
public record IndexDefinition(String name, List<String> columns, boolean unique) {
    public IndexDefinition {
        columns = List.copyOf(columns);
    }
}
