package io.shardbridge.bridge.sql;

import io.shardbridge.sql.PostgresSyntax;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the migration layer needs to know about one SQL text before running it. Column and table
 * names are lower case and unqualified.
 *
 * @param tables           every table the statement reads or writes
 * @param writtenTable     the table an INSERT, UPDATE or DELETE writes; the relation a {@link StatementKind#CREATE_IF_MISSING}
 *                         creates (null otherwise)
 * @param assignments      columns an UPDATE (or an INSERT's ON CONFLICT DO UPDATE) assigns, with where each value comes from
 * @param insertColumns    columns an INSERT names, in order (empty when it names none)
 * @param insertRows       the VALUES rows of an INSERT, aligned with {@code insertColumns} (empty for INSERT … SELECT)
 * @param returning        the RETURNING list ({@code *} for a star; empty when there is none)
 * @param where            the WHERE clause of an UPDATE or DELETE, with the parameters it uses
 * @param joinsOtherTables an UPDATE … FROM, DELETE … USING or INSERT … SELECT: rows come from other tables
 * @param parseError       why the parser gave up, for {@link StatementKind#UNPARSEABLE}
 * @param writtenTableSpan where the written table's name sits in the SQL text (null when unknown)
 * @param equalities       {@code column = value} conditions joined by AND at the top of the WHERE clause
 * @param parameterCount   how many {@code ?} parameters the statement has
 * @param syntax           token positions and names read off the parse tree (what the layer's rewrites and checks use)
 */
public record StatementShape(StatementKind kind, Set<String> tables, String writtenTable, Map<String, ValueSource> assignments,
                             List<String> insertColumns, List<List<ValueSource>> insertRows, List<String> returning,
                             Optional<SqlFragment> where, boolean joinsOtherTables, String parseError, Span writtenTableSpan,
                             Map<String, ValueSource> equalities, int parameterCount, PostgresSyntax syntax) {
    public StatementShape {
        equalities = Collections.unmodifiableMap(new LinkedHashMap<>(equalities));
        tables = Set.copyOf(tables);
        assignments = Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
        insertColumns = List.copyOf(insertColumns);
        insertRows = insertRows.stream().map(List::copyOf).toList();
        returning = List.copyOf(returning);
    }

    static StatementShape unparseable(String error) {
        return new StatementShape(StatementKind.UNPARSEABLE, Set.of(), null, Map.of(), List.of(), List.of(), List.of(),
                Optional.empty(), false, error, null, Map.of(), 0, PostgresSyntax.NONE);
    }

    static StatementShape of(StatementKind kind, Set<String> tables, PostgresSyntax syntax) {
        return new StatementShape(kind, tables, null, Map.of(), List.of(), List.of(), List.of(), Optional.empty(), false, null, null, Map.of(), 0,
                syntax);
    }

    static StatementShape createIfMissing(Set<String> tables, String relation) {
        return new StatementShape(StatementKind.CREATE_IF_MISSING, tables, relation, Map.of(), List.of(), List.of(), List.of(), Optional.empty(),
                false, null, null, Map.of(), 0, PostgresSyntax.NONE);
    }

    public Set<String> assignedColumns() {
        return assignments.keySet();
    }

    public boolean hasReturning() {
        return !returning.isEmpty();
    }

    /** Character positions {@code start..stop} (inclusive) in the SQL text. */
    public record Span(int start, int stop) {
        /** The SQL with this span replaced. */
        public String replaceIn(String sql, String replacement) {
            return sql.substring(0, start) + replacement + sql.substring(stop + 1);
        }
    }

    /** Where a value in the SQL comes from. */
    public sealed interface ValueSource {
        /** A {@code ?} marker; {@code index} counts from 0. */
        record Parameter(int index) implements ValueSource {
        }

        /** A literal in the SQL text. */
        record Literal(Object value) implements ValueSource {
        }

        /** Anything computed (a function call, arithmetic, a column reference, DEFAULT). */
        record Expression(String text) implements ValueSource {
        }
    }

    /**
     * A piece of the statement's text (it starts with its keyword, e.g. {@code WHERE}) and the
     * 0-based indexes of the parameters it uses, in order.
     */
    public record SqlFragment(String text, List<Integer> parameterIndexes) {
        public SqlFragment {
            parameterIndexes = List.copyOf(parameterIndexes);
        }
    }
}
