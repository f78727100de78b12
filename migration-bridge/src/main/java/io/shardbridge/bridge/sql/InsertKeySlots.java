package io.shardbridge.bridge.sql;

import io.shardbridge.config.Dialect;
import io.shardbridge.sql.InsertFacts;
import io.shardbridge.sql.ParsedStatement;
import io.shardbridge.sql.ParsedStatements;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    public static Optional<InsertKeySlots> of(ParsedStatements parsed, String sql) {
        ParsedStatement statement = parsed.get(Dialect.POSTGRESQL, sql);
        InsertFacts insert = statement.insert();
        if (insert == null || insert.select() || insert.rows().isEmpty()) {
            return Optional.empty();
        }
        if (insert.lastColumnStop() < 0) {
            return Optional.empty();
        }
        int columnsClose = closingParenthesis(sql, insert.lastColumnStop());
        List<Integer> rows = new ArrayList<>();
        List<List<StatementShape.Span>> values = new ArrayList<>();
        for (InsertFacts.Row row : insert.rows()) {
            if (row.values().isEmpty()) {
                return Optional.empty();
            }
            values.add(row.values().stream().map(v -> new StatementShape.Span(v.start(), v.stop())).toList());
            int close = closingParenthesis(sql, row.values().get(row.values().size() - 1).stop());
            if (close < 0) {
                return Optional.empty();
            }
            rows.add(close);
        }
        List<Integer> markers = statement.markers().stream().map(ParsedStatement.Marker::start).toList();
        if (columnsClose < 0 || markers.size() != statement.parameterCount()) {
            return Optional.empty();
        }
        return Optional.of(new InsertKeySlots(columnsClose, rows, markers, values));
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
