package io.shardbridge.bridge.sql;

import io.shardbridge.bridge.sql.StatementShape.SqlFragment;
import io.shardbridge.bridge.sql.StatementShape.ValueSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.sql.Assignment;
import io.shardbridge.sql.InsertFacts;
import io.shardbridge.sql.NamedTables;
import io.shardbridge.sql.ParsedStatement;
import io.shardbridge.sql.ParsedStatements;
import io.shardbridge.sql.PostgresSyntax;
import io.shardbridge.sql.SqlValue;
import io.shardbridge.sql.TableRef;
import io.shardbridge.sql.Where;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the migration layer needs to know about a SQL text ({@link StatementShape}), read off the shared
 * parsed-statement model ({@link ParsedStatements}: one parse per text, shared with the fast path and the
 * subquery guard). Not cached here: the connection's statement plans cache the shape with the rest of the
 * plan, and the parse itself is cached by {@link ParsedStatements}. Nothing in migration-bridge reads
 * ShardingSphere's parser types.
 */
public final class StatementClassifier {
    private final Dialect dialect;
    private final ParsedStatements parsed;

    public StatementClassifier(Dialect dialect) {
        this(dialect, ParsedStatements.shared());
    }

    public StatementClassifier(Dialect dialect, ParsedStatements parsed) {
        this.dialect = dialect;
        this.parsed = parsed;
    }

    public StatementShape classify(String sql) {
        ParsedStatement statement = parsed.get(dialect, sql);
        if (!statement.parsed()) {
            return StatementShape.unparseable(statement.error());
        }
        PostgresSyntax syntax = statement.syntax();
        return switch (statement.kind()) {
            case SELECT -> StatementShape.of(StatementKind.SELECT, tables(statement.tables(), syntax), syntax);
            case INSERT -> insert(statement, syntax);
            case UPDATE -> {
                var update = statement.update();
                Map<String, ValueSource> assigned = new LinkedHashMap<>();
                update.assignments().forEach(a -> putAssignment(assigned, a));
                yield new StatementShape(StatementKind.UPDATE, tables(statement.tables(), syntax), name(update.table()), assigned, List.of(), List.of(),
                        ReturningClause.items(sql), fragment(update.where(), statement, sql), update.from() || syntax.joins(), null,
                        span(update.table()), equalities(update.where()), statement.parameterCount(), syntax);
            }
            case DELETE -> {
                var delete = statement.delete();
                yield new StatementShape(StatementKind.DELETE, tables(statement.tables(), syntax), name(delete.table()), Map.of(), List.of(), List.of(),
                        ReturningClause.items(sql), fragment(delete.where(), statement, sql), delete.table() == null || syntax.joins(), null,
                        span(delete.table()), equalities(delete.where()), statement.parameterCount(), syntax);
            }
            case DDL -> statement.ddl().createdIfMissing() == null ? StatementShape.of(StatementKind.DDL, statement.ddl().tables(), syntax)
                    : StatementShape.createIfMissing(statement.ddl().tables(), statement.ddl().createdIfMissing());
            default -> StatementShape.of(StatementKind.OTHER, tables(statement.tables(), syntax), syntax);
        };
    }

    private static StatementShape insert(ParsedStatement statement, PostgresSyntax syntax) {
        InsertFacts insert = statement.insert();
        Map<String, ValueSource> assigned = new LinkedHashMap<>();
        insert.onDuplicateKey().forEach(a -> putAssignment(assigned, a));
        List<List<ValueSource>> rows = new ArrayList<>();
        for (InsertFacts.Row row : insert.rows()) {
            rows.add(row.values().stream().map(v -> valueSource(v.value())).toList());
        }
        return new StatementShape(StatementKind.INSERT, tables(statement.tables(), syntax), name(insert.table()), assigned, insert.columns(), rows,
                ReturningClause.items(statement.sql()), Optional.empty(), insert.select(), null, span(insert.table()), Map.of(),
                statement.parameterCount(), syntax);
    }

    private static void putAssignment(Map<String, ValueSource> out, Assignment assignment) {
        ValueSource value = valueSource(assignment.value());
        assignment.columns().forEach(c -> out.put(c, value));
    }

    private static ValueSource valueSource(SqlValue value) {
        if (value instanceof SqlValue.Parameter p) {
            return new ValueSource.Parameter(p.index());
        }
        if (value instanceof SqlValue.Literal l) {
            return new ValueSource.Literal(l.value());
        }
        return new ValueSource.Expression(((SqlValue.Expression) value).text());
    }

    /** The WHERE text (from the WHERE keyword on) and the parameters inside it, in order. */
    private static Optional<SqlFragment> fragment(Where where, ParsedStatement statement, String sql) {
        if (where == null) {
            return Optional.empty();
        }
        String text = sql.substring(where.start(), where.stop() + 1);
        if (!text.regionMatches(true, 0, "WHERE", 0, 5)) {
            text = "WHERE " + text;
        }
        return Optional.of(new SqlFragment(text, statement.parametersWithin(where.start(), where.stop())));
    }

    /** {@code column = value} conditions ANDed at the top of a WHERE clause (what pins a statement to one shard). */
    private static Map<String, ValueSource> equalities(Where where) {
        Map<String, ValueSource> out = new LinkedHashMap<>();
        if (where != null) {
            for (Where.Equality e : where.andEqualities()) {
                ValueSource value = valueSource(e.value());
                if (!(value instanceof ValueSource.Expression)) {
                    out.put(e.column().name().toLowerCase(java.util.Locale.ROOT), value);
                }
            }
        }
        return out;
    }

    /** The extractor's tables and every relation the parse tree names (the extractor skips WITH bodies and USING), less WITH names. */
    private static Set<String> tables(NamedTables named, PostgresSyntax syntax) {
        Set<String> tables = new LinkedHashSet<>(syntax.relations());
        named.rewritten().forEach(t -> tables.add(t.lowerName()));
        named.context().forEach(t -> tables.add(t.lowerName()));
        tables.removeAll(syntax.cteNames());
        return tables;
    }

    private static String name(TableRef table) {
        return table == null ? null : table.lowerName();
    }

    private static StatementShape.Span span(TableRef table) {
        return table == null ? null : new StatementShape.Span(table.start(), table.stop());
    }
}
