package io.shardbridge.sql;

import java.util.List;

/**
 * An INSERT.
 *
 * @param table          the table inserted into, or null
 * @param columns        the column list, lower case, in order (empty when the statement names none)
 * @param columnsStop    position of the column list's last character (its closing parenthesis), or -1 without one
 * @param lastColumnStop position after which the column list's closing parenthesis is looked for (the end of
 *                       the last column name), or -1 when there are no columns
 * @param rows           the VALUES rows (empty for INSERT … SELECT)
 * @param select         an INSERT … SELECT
 * @param setAssignment  MySQL's {@code INSERT … SET column = value}
 * @param with           it opens with a WITH clause
 * @param onDuplicateKey the assignments of an {@code ON CONFLICT … DO UPDATE} / {@code ON DUPLICATE KEY UPDATE}
 */
public record InsertFacts(TableRef table, List<String> columns, int columnsStop, int lastColumnStop, List<Row> rows, boolean select,
                          boolean setAssignment, boolean with, List<Assignment> onDuplicateKey) {
    public InsertFacts {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        onDuplicateKey = List.copyOf(onDuplicateKey);
    }

    /** One VALUES row: its span and each value in it, aligned with the column list. */
    public record Row(int start, int stop, List<Item> values) {
        public Row {
            values = List.copyOf(values);
        }
    }

    /** One value of a row and where it sits. */
    public record Item(int start, int stop, SqlValue value) {
    }
}
