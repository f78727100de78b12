package io.shardbridge.bridge.sql;

import java.util.List;
import java.util.Set;

/**
 * What the migration layer needs to know about one SQL text before running it.
 *
 * @param tables          lower-case, unqualified names of every table the statement reads or writes
 * @param assignedColumns lower-case columns an UPDATE (or an INSERT's ON CONFLICT DO UPDATE) assigns
 * @param insertColumns   lower-case columns an INSERT names, in order (empty when it names none)
 * @param parseError      why the parser gave up, for {@link StatementKind#UNPARSEABLE}
 */
public record StatementShape(StatementKind kind, Set<String> tables, Set<String> assignedColumns, List<String> insertColumns,
                             boolean hasReturning, String parseError) {
    public StatementShape {
        tables = Set.copyOf(tables);
        assignedColumns = Set.copyOf(assignedColumns);
        insertColumns = List.copyOf(insertColumns);
    }

    public boolean touches(String table) {
        return tables.contains(table);
    }
}
