package io.shardbridge.bridge.sql;

import io.shardbridge.config.Dialect;
import io.shardbridge.sql.SqlParser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.assignment.InsertValuesSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.column.InsertColumnsSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.ParameterMarkerSegment;
import org.apache.shardingsphere.sql.parser.statement.core.statement.AbstractSQLStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.SQLStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dml.InsertStatement;

/**
 * Where a column and its values can be added to an {@code INSERT … (columns) VALUES (…), (…)} text:
 * the position of the column list's closing parenthesis, of each VALUES row's closing parenthesis, and
 * of every {@code ?} marker (so that parameters added at the row ends can be numbered among the
 * caller's). Positions come from the parser, so quotes, comments and nested parentheses in values are
 * no trouble: a closing parenthesis is looked for only after the parser's end of the last item.
 *
 * @param columnsClose position of the {@code )} that closes the column list
 * @param rowCloses    position of the {@code )} that closes each VALUES row, in order
 * @param markers      position of each {@code ?} marker, in text order (marker i is parameter i)
 * @param values       per VALUES row, the {@link StatementShape.Span} of each value, aligned with the column list
 */
public record InsertKeySlots(int columnsClose, List<Integer> rowCloses, List<Integer> markers, List<List<StatementShape.Span>> values) {
    public InsertKeySlots {
        rowCloses = List.copyOf(rowCloses);
        markers = List.copyOf(markers);
        values = values.stream().map(List::copyOf).toList();
    }

    /** The slots of a plain multi-row INSERT with a column list, or empty for any other statement. */
    public static Optional<InsertKeySlots> of(SqlParser parser, String sql) {
        SQLStatement statement;
        try {
            statement = parser.parse(sql);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!(statement instanceof InsertStatement insert) || insert.getInsertSelect().isPresent() || insert.getValues().isEmpty()) {
            return Optional.empty();
        }
        Optional<InsertColumnsSegment> columns = insert.getInsertColumns();
        if (columns.isEmpty() || columns.get().getColumns().isEmpty()) {
            return Optional.empty();
        }
        int lastColumnStop = columns.get().getColumns().stream().mapToInt(c -> c.getStopIndex()).max().orElseThrow();
        int columnsClose = closingParenthesis(sql, lastColumnStop);
        List<Integer> rows = new ArrayList<>();
        List<List<StatementShape.Span>> values = new ArrayList<>();
        for (InsertValuesSegment row : insert.getValues()) {
            if (row.getValues().isEmpty()) {
                return Optional.empty();
            }
            values.add(row.getValues().stream().map(v -> new StatementShape.Span(v.getStartIndex(), v.getStopIndex())).toList());
            int close = closingParenthesis(sql, row.getValues().get(row.getValues().size() - 1).getStopIndex());
            if (close < 0) {
                return Optional.empty();
            }
            rows.add(close);
        }
        List<Integer> markers = new ArrayList<>();
        if (statement instanceof AbstractSQLStatement abstractStatement) {
            abstractStatement.getParameterMarkerSegments().stream().sorted(Comparator.comparingInt(ParameterMarkerSegment::getStartIndex))
                    .forEach(m -> markers.add(m.getStartIndex()));
        }
        if (columnsClose < 0 || markers.size() != statement.getParameterCount()) {
            return Optional.empty();
        }
        return Optional.of(new InsertKeySlots(columnsClose, rows, markers, values));
    }

    /** A parser for {@link #of}: the dialect the service's SQL is written in. */
    public static SqlParser parser() {
        return new SqlParser(Dialect.POSTGRESQL);
    }

    /** The first {@code )} after {@code lastItemStop}, past whitespace and comments only; -1 when something else comes first. */
    private static int closingParenthesis(String sql, int lastItemStop) {
        int i = lastItemStop + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == ')') {
                return i;
            }
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else {
                return -1;
            }
        }
        return -1;
    }
}
