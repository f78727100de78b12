package io.shardbridge.bridge.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardbridge.config.Dialect;
import io.shardbridge.sql.SqlParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.shardingsphere.sql.parser.statement.core.extractor.TableExtractor;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.assignment.ColumnAssignmentSegment;
import io.shardbridge.bridge.sql.StatementShape.SqlFragment;
import io.shardbridge.bridge.sql.StatementShape.ValueSource;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.assignment.InsertValuesSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.BinaryOperationExpression;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.ExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.simple.LiteralExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.simple.ParameterMarkerExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.predicate.WhereSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.ParameterMarkerSegment;
import org.apache.shardingsphere.sql.parser.statement.core.statement.AbstractSQLStatement;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.column.ColumnSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.SimpleTableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.TableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.statement.SQLStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.ddl.AlterTableStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.ddl.CreateIndexStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.ddl.CreateTableStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.ddl.DDLStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.ddl.DropTableStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.ddl.TruncateStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dml.DeleteStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dml.InsertStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dml.SelectStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dml.UpdateStatement;

/**
 * Classifies SQL text with ShardingSphere's parser, standalone (about 25 µs a parse), and caches the
 * answer by SQL text: a service sends a few hundred distinct statement texts, each millions of times.
 * This package is the only one in migration-bridge that touches ShardingSphere's parser types.
 */
public final class StatementClassifier {
    private final SqlParser parser;
    private final Cache<String, StatementShape> cache;

    public StatementClassifier(Dialect dialect, long maxCachedStatements) {
        this.parser = new SqlParser(dialect);
        this.cache = Caffeine.newBuilder().maximumSize(maxCachedStatements).build();
    }

    public StatementShape classify(String sql) {
        return cache.get(sql, this::parse);
    }

    private StatementShape parse(String sql) {
        SQLStatement statement;
        StatementSyntax syntax;
        try {
            SqlParser.Parsed parsed = parser.parseWithTree(sql);
            statement = parsed.statement();
            syntax = SyntaxReader.read(parsed.tree(), sql);
        } catch (RuntimeException e) {
            return StatementShape.unparseable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        TableExtractor extractor = new TableExtractor();
        if (statement instanceof SelectStatement select) {
            extractor.extractTablesFromSelect(select);
            return StatementShape.of(StatementKind.SELECT, tables(extractor, syntax), syntax);
        }
        if (statement instanceof InsertStatement insert) {
            extractor.extractTablesFromInsert(insert);
            Map<String, ValueSource> assigned = new LinkedHashMap<>();
            insert.getOnDuplicateKeyColumns().ifPresent(s -> s.getColumns().forEach(a -> putAssignment(assigned, a, sql)));
            List<String> columns = new ArrayList<>();
            insert.getColumns().forEach(c -> columns.add(name(c)));
            List<List<ValueSource>> rows = new ArrayList<>();
            for (InsertValuesSegment row : insert.getValues()) {
                rows.add(row.getValues().stream().map(v -> valueSource(v, sql)).toList());
            }
            return new StatementShape(StatementKind.INSERT, tables(extractor, syntax), insert.getTable().map(StatementClassifier::tableName).orElse(null), assigned, columns, rows,
                    ReturningClause.items(sql), Optional.empty(), insert.getInsertSelect().isPresent(), null,
                    insert.getTable().map(StatementClassifier::span).orElse(null), Map.of(), statement.getParameterCount(), syntax);
        }
        if (statement instanceof UpdateStatement update) {
            extractor.extractTablesFromUpdate(update);
            Map<String, ValueSource> assigned = new LinkedHashMap<>();
            update.getSetAssignment().getAssignments().forEach(a -> putAssignment(assigned, a, sql));
            return new StatementShape(StatementKind.UPDATE, tables(extractor, syntax), simpleName(update.getTable()), assigned, List.of(), List.of(),
                    ReturningClause.items(sql), update.getWhere().map(w -> fragment(w, statement, sql)),
                    update.getFrom().isPresent() || syntax.joins(), null, spanOf(update.getTable()), equalities(update.getWhere(), sql),
                    statement.getParameterCount(), syntax);
        }
        if (statement instanceof DeleteStatement delete) {
            extractor.extractTablesFromDelete(delete);
            Set<String> tables = tables(extractor, syntax);
            return new StatementShape(StatementKind.DELETE, tables, simpleName(delete.getTable()), Map.of(), List.of(), List.of(),
                    ReturningClause.items(sql), delete.getWhere().map(w -> fragment(w, statement, sql)),
                    !(delete.getTable() instanceof SimpleTableSegment) || syntax.joins(), null, spanOf(delete.getTable()),
                    equalities(delete.getWhere(), sql), statement.getParameterCount(), syntax);
        }
        if (statement instanceof DDLStatement ddl) {
            String created = createdIfMissing(ddl);
            return created == null ? StatementShape.of(StatementKind.DDL, ddlTables(ddl), syntax)
                    : StatementShape.createIfMissing(ddlTables(ddl), created);
        }
        extractor.extractTablesFromSQLStatement(statement);
        return StatementShape.of(StatementKind.OTHER, tables(extractor, syntax), syntax);
    }

    private static void putAssignment(Map<String, ValueSource> out, ColumnAssignmentSegment assignment, String sql) {
        ValueSource value = valueSource(assignment.getValue(), sql);
        assignment.getColumns().forEach(c -> out.put(name(c), value));
    }

    private static ValueSource valueSource(ExpressionSegment expression, String sql) {
        if (expression instanceof ParameterMarkerExpressionSegment marker) {
            return new ValueSource.Parameter(marker.getParameterMarkerIndex());
        }
        if (expression instanceof LiteralExpressionSegment literal) {
            return new ValueSource.Literal(literal.getLiterals());
        }
        return new ValueSource.Expression(sql.substring(expression.getStartIndex(), expression.getStopIndex() + 1));
    }

    /** The WHERE text (from the WHERE keyword on) and the parameters inside it, in order. */
    private static SqlFragment fragment(WhereSegment where, SQLStatement statement, String sql) {
        String text = sql.substring(where.getStartIndex(), where.getStopIndex() + 1);
        List<Integer> parameters = new ArrayList<>();
        if (statement instanceof AbstractSQLStatement abstractStatement) {
            abstractStatement.getParameterMarkerSegments().stream()
                    .filter(p -> p.getStartIndex() >= where.getStartIndex() && p.getStopIndex() <= where.getStopIndex())
                    .sorted(java.util.Comparator.comparingInt(ParameterMarkerSegment::getStartIndex))
                    .forEach(p -> parameters.add(p.getParameterIndex()));
        }
        if (!text.regionMatches(true, 0, "WHERE", 0, 5)) {
            text = "WHERE " + text;
        }
        return new SqlFragment(text, parameters);
    }

    private static StatementShape.Span spanOf(TableSegment table) {
        return table instanceof SimpleTableSegment simple ? span(simple) : null;
    }

    private static StatementShape.Span span(SimpleTableSegment table) {
        return new StatementShape.Span(table.getTableName().getStartIndex(), table.getTableName().getStopIndex());
    }

    /** {@code column = value} conditions ANDed at the top of a WHERE clause (what pins a statement to one shard). */
    private static Map<String, ValueSource> equalities(Optional<WhereSegment> where, String sql) {
        Map<String, ValueSource> out = new LinkedHashMap<>();
        where.ifPresent(w -> collectEqualities(w.getExpr(), sql, out));
        return out;
    }

    private static void collectEqualities(ExpressionSegment expression, String sql, Map<String, ValueSource> out) {
        if (expression instanceof BinaryOperationExpression binary) {
            String operator = binary.getOperator().trim().toUpperCase(Locale.ROOT);
            if (operator.equals("AND") || operator.equals("&&")) {
                collectEqualities(binary.getLeft(), sql, out);
                collectEqualities(binary.getRight(), sql, out);
            } else if (operator.equals("=") && binary.getLeft() instanceof ColumnSegment column) {
                ValueSource value = valueSource(binary.getRight(), sql);
                if (!(value instanceof ValueSource.Expression)) {
                    out.put(name(column), value);
                }
            }
        }
    }

    private static String simpleName(TableSegment table) {
        return table instanceof SimpleTableSegment simple ? tableName(simple) : null;
    }

    /** The relation a {@code CREATE TABLE/INDEX … IF NOT EXISTS} creates, or null for any other DDL. */
    private static String createdIfMissing(DDLStatement ddl) {
        if (ddl instanceof CreateTableStatement create && create.isIfNotExists() && create.getTable() != null) {
            return tableName(create.getTable());
        }
        if (ddl instanceof CreateIndexStatement index && index.isIfNotExists() && index.getIndex() != null) {
            return index.getIndex().getIndexName().getIdentifier().getValue().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** The tables a DDL statement changes; DDL on a migrating table is refused, so these must be found. */
    private static Set<String> ddlTables(DDLStatement ddl) {
        Set<String> out = new LinkedHashSet<>();
        if (ddl instanceof AlterTableStatement alter) {
            out.add(tableName(alter.getTable()));
        } else if (ddl instanceof CreateTableStatement create) {
            out.add(tableName(create.getTable()));
        } else if (ddl instanceof CreateIndexStatement index && index.getTable() != null) {
            out.add(tableName(index.getTable()));
        } else if (ddl instanceof DropTableStatement drop) {
            drop.getTables().forEach(t -> out.add(tableName(t)));
        } else if (ddl instanceof TruncateStatement truncate) {
            truncate.getTables().forEach(t -> out.add(tableName(t)));
        }
        return out;
    }

    /** The extractor's tables and every relation the parse tree names (the extractor skips WITH bodies and USING), less WITH names. */
    private static Set<String> tables(TableExtractor extractor, StatementSyntax syntax) {
        Set<String> tables = new LinkedHashSet<>(syntax.relations());
        extractor.getRewriteTables().forEach(t -> tables.add(tableName(t)));
        for (TableSegment t : extractor.getTableContext()) {
            if (t instanceof SimpleTableSegment simple) {
                tables.add(tableName(simple));
            }
        }
        tables.removeAll(syntax.cteNames());
        return tables;
    }

    private static String name(ColumnSegment column) {
        return column.getIdentifier().getValue().toLowerCase(Locale.ROOT);
    }

    private static String tableName(SimpleTableSegment table) {
        return Optional.ofNullable(table.getTableName().getIdentifier().getValue()).orElse("").toLowerCase(Locale.ROOT);
    }
}
