package io.shardbridge.sql;

import java.util.List;

/** {@code column = value} in an UPDATE's SET list or an upsert's update list; columns lower case. */
public record Assignment(List<String> columns, SqlValue value) {
    public Assignment {
        columns = List.copyOf(columns);
    }
}
