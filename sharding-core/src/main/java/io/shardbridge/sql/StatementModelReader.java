package io.shardbridge.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.shardingsphere.infra.database.core.metadata.database.enums.QuoteCharacter;
import org.apache.shardingsphere.sql.parser.statement.core.extractor.ExpressionExtractor;
import org.apache.shardingsphere.sql.parser.statement.core.extractor.SubqueryExtractor;
import org.apache.shardingsphere.sql.parser.statement.core.extractor.TableExtractor;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.assignment.ColumnAssignmentSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.assignment.InsertValuesSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.column.ColumnSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.BinaryOperationExpression;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.ExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.InExpression;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.simple.LiteralExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.simple.ParameterMarkerExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.subquery.SubqueryExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.subquery.SubquerySegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.item.ColumnProjectionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.item.ProjectionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.predicate.AndPredicate;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.predicate.WhereSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.ParameterMarkerSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.JoinTableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.SimpleTableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.SubqueryTableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.TableNameSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.TableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.statement.AbstractSQLStatement;
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
 * Copies what shardbridge reads out of ShardingSphere's statement model into {@link ParsedStatement}: the
 * only class that reads ShardingSphere's segments. Each fact is read with the ShardingSphere helper the
 * consumers used before it ({@link TableExtractor}, {@link ExpressionExtractor#extractAndPredicates},
 * {@link SubqueryExtractor}), so the model says what ShardingSphere's router and rewriter see.
 */
final class StatementModelReader {
    private final String sql;

    private StatementModelReader(String sql) {
        this.sql = sql;
    }

    /** The kind-specific parts of the model; the caller adds the dialect, the text and the PostgreSQL syntax. */
    record Parts(ParsedStatement.Kind kind, int parameterCount, List<ParsedStatement.Marker> markers, NamedTables tables, Query select,
                 InsertFacts insert, UpdateFacts update, DeleteFacts delete, DdlFacts ddl) {
    }

    static Parts read(SQLStatement statement, String sql) {
        return new StatementModelReader(sql).read(statement);
    }

    private Parts read(SQLStatement statement) {
        if (statement == null) {
            // the grammar read it but ShardingSphere builds no statement for it (CREATE TRIGGER in 5.5.2): nothing to name
            return new Parts(ParsedStatement.Kind.OTHER, 0, List.of(), NamedTables.NONE, null, null, null, null, null);
        }
        List<ParsedStatement.Marker> markers = markers(statement);
        int count = statement.getParameterCount();
        TableExtractor extractor = new TableExtractor();
        if (statement instanceof SelectStatement select) {
            extractor.extractTablesFromSelect(select);
            return new Parts(ParsedStatement.Kind.SELECT, count, markers, tables(extractor), outerQuery(select), null, null, null, null);
        }
        if (statement instanceof InsertStatement insert) {
            extractor.extractTablesFromInsert(insert);
            return new Parts(ParsedStatement.Kind.INSERT, count, markers, tables(extractor), null, insert(insert), null, null, null);
        }
        if (statement instanceof UpdateStatement update) {
            extractor.extractTablesFromUpdate(update);
            UpdateFacts facts = new UpdateFacts(simple(update.getTable()), update.getFrom().isPresent(), update.getWithSegment().isPresent(),
                    update.getSetAssignment().getAssignments().stream().map(this::assignment).toList(), where(update.getWhere()));
            return new Parts(ParsedStatement.Kind.UPDATE, count, markers, tables(extractor), null, null, facts, null, null);
        }
        if (statement instanceof DeleteStatement delete) {
            extractor.extractTablesFromDelete(delete);
            DeleteFacts facts = new DeleteFacts(simple(delete.getTable()), delete.getWithSegment().isPresent(), where(delete.getWhere()));
            return new Parts(ParsedStatement.Kind.DELETE, count, markers, tables(extractor), null, null, null, facts, null);
        }
        if (statement instanceof DDLStatement ddl) {
            return new Parts(ParsedStatement.Kind.DDL, count, markers, NamedTables.NONE, null, null, null, null,
                    new DdlFacts(ddlTables(ddl), createdIfMissing(ddl)));
        }
        extractor.extractTablesFromSQLStatement(statement);
        return new Parts(ParsedStatement.Kind.OTHER, count, markers, tables(extractor), null, null, null, null, null);
    }

    private static List<ParsedStatement.Marker> markers(SQLStatement statement) {
        if (!(statement instanceof AbstractSQLStatement abstractStatement)) {
            return List.of();
        }
        return abstractStatement.getParameterMarkerSegments().stream().sorted(Comparator.comparingInt(ParameterMarkerSegment::getStartIndex))
                .map(m -> new ParsedStatement.Marker(m.getStartIndex(), m.getStopIndex(), m.getParameterIndex())).toList();
    }

    private NamedTables tables(TableExtractor extractor) {
        List<TableRef> context = new ArrayList<>();
        for (TableSegment t : extractor.getTableContext()) {
            if (t instanceof SimpleTableSegment simple) {
                context.add(table(simple));
            }
        }
        return new NamedTables(extractor.getRewriteTables().stream().map(this::table).toList(), context, extractor.getTableContext().size(),
                extractor.getJoinTables().size());
    }

    private Query outerQuery(SelectStatement select) {
        List<Query.Subquery> subqueries = new ArrayList<>();
        boolean read = true;
        try {
            for (SubquerySegment s : SubqueryExtractor.extractSubquerySegments(select, true)) {
                subqueries.add(new Query.Subquery(s.getStartIndex(), s.getStopIndex(), s.getSelect() == null ? null : query(s.getSelect(), List.of(), true)));
            }
        } catch (RuntimeException e) {
            subqueries.clear();
            read = false;
        }
        return query(select, subqueries, read);
    }

    private Query query(SelectStatement select, List<Query.Subquery> subqueries, boolean subqueriesRead) {
        int projectionCount = 0;
        ColumnRef first = null;
        if (select.getProjections() != null) {
            for (ProjectionSegment projection : select.getProjections().getProjections()) {
                if (projectionCount == 0 && projection instanceof ColumnProjectionSegment column) {
                    first = column(column.getColumn());
                }
                projectionCount++;
            }
        }
        return new Query(from(select.getFrom().orElse(null)), where(select.getWhere()),
                select.getCombine().isPresent(), select.getWithSegment().isPresent(), projectionCount, first, subqueries, subqueriesRead);
    }

    private Query.From from(TableSegment from) {
        if (from == null) {
            return null;
        }
        if (from instanceof SimpleTableSegment simple) {
            return new Query.From.Table(table(simple));
        }
        if (from instanceof JoinTableSegment join) {
            Query.From left = from(join.getLeft());
            Query.From right = from(join.getRight());
            return new Query.From.Join(left == null ? new Query.From.Other() : left, right == null ? new Query.From.Other() : right);
        }
        if (from instanceof SubqueryTableSegment derived) {
            return new Query.From.Derived(derived.getStartIndex(), derived.getStopIndex());
        }
        return new Query.From.Other();
    }

    private InsertFacts insert(InsertStatement insert) {
        List<String> columns = new ArrayList<>();
        insert.getColumns().forEach(c -> columns.add(lower(c)));
        int columnsStop = insert.getInsertColumns().map(c -> c.getStopIndex()).orElse(-1);
        int lastColumnStop = insert.getInsertColumns().flatMap(c -> c.getColumns().stream().map(ColumnSegment::getStopIndex).max(Integer::compare))
                .orElse(-1);
        List<InsertFacts.Row> rows = new ArrayList<>();
        for (InsertValuesSegment row : insert.getValues()) {
            rows.add(new InsertFacts.Row(row.getStartIndex(), row.getStopIndex(),
                    row.getValues().stream().map(v -> new InsertFacts.Item(v.getStartIndex(), v.getStopIndex(), value(v))).toList()));
        }
        List<Assignment> onDuplicate = new ArrayList<>();
        insert.getOnDuplicateKeyColumns().ifPresent(s -> s.getColumns().forEach(a -> onDuplicate.add(assignment(a))));
        return new InsertFacts(insert.getTable().map(this::table).orElse(null), columns, columnsStop, lastColumnStop, rows,
                insert.getInsertSelect().isPresent(), insert.getSetAssignment().isPresent(), insert.getWithSegment().isPresent(), onDuplicate);
    }

    private Assignment assignment(ColumnAssignmentSegment assignment) {
        return new Assignment(assignment.getColumns().stream().map(StatementModelReader::lower).toList(), value(assignment.getValue()));
    }

    private Where where(Optional<WhereSegment> where) {
        if (where.isEmpty()) {
            return null;
        }
        WhereSegment w = where.get();
        List<List<Where.Predicate>> branches = new ArrayList<>();
        for (AndPredicate branch : ExpressionExtractor.extractAndPredicates(w.getExpr())) {
            branches.add(branch.getPredicates().stream().map(this::predicate).toList());
        }
        List<Where.Equality> equalities = new ArrayList<>();
        andEqualities(w.getExpr(), equalities);
        return new Where(w.getStartIndex(), w.getStopIndex(), branches, equalities);
    }

    private Where.Predicate predicate(ExpressionSegment predicate) {
        List<ColumnRef> columns = ExpressionExtractor.extractColumns(predicate, false).stream().map(StatementModelReader::column).toList();
        Where.Comparison equals = null;
        if (predicate instanceof BinaryOperationExpression binary && binary.getOperator().trim().equals("=")) {
            equals = new Where.Comparison(term(binary.getLeft()), term(binary.getRight()));
        }
        Where.InSubquery in = null;
        if (predicate instanceof InExpression inExpression && inExpression.getRight() instanceof SubqueryExpressionSegment s) {
            in = new Where.InSubquery(term(inExpression.getLeft()), s.getSubquery().getStartIndex());
        }
        return new Where.Predicate(columns, equals, in);
    }

    /** {@code column = value} conditions joined by AND at the top of a condition. */
    private void andEqualities(ExpressionSegment expression, List<Where.Equality> out) {
        if (expression instanceof BinaryOperationExpression binary) {
            String operator = binary.getOperator().trim().toUpperCase(Locale.ROOT);
            if (operator.equals("AND") || operator.equals("&&")) {
                andEqualities(binary.getLeft(), out);
                andEqualities(binary.getRight(), out);
            } else if (operator.equals("=") && binary.getLeft() instanceof ColumnSegment column) {
                out.add(new Where.Equality(column(column), value(binary.getRight())));
            }
        }
    }

    private SqlTerm term(ExpressionSegment expression) {
        return expression instanceof ColumnSegment column ? column(column) : value(expression);
    }

    private SqlValue value(ExpressionSegment expression) {
        if (expression instanceof ParameterMarkerExpressionSegment marker) {
            return new SqlValue.Parameter(marker.getParameterMarkerIndex());
        }
        if (expression instanceof LiteralExpressionSegment literal) {
            return new SqlValue.Literal(literal.getLiterals());
        }
        return new SqlValue.Expression(sql.substring(expression.getStartIndex(), expression.getStopIndex() + 1));
    }

    private static ColumnRef column(ColumnSegment column) {
        return new ColumnRef(column.getIdentifier().getValue(), column.getOwner().map(o -> o.getIdentifier().getValue()).orElse(null));
    }

    private TableRef simple(TableSegment table) {
        return table instanceof SimpleTableSegment simple ? table(simple) : null;
    }

    private TableRef table(SimpleTableSegment table) {
        TableNameSegment name = table.getTableName();
        QuoteCharacter quote = name.getIdentifier().getQuoteCharacter();
        boolean quoted = quote != null && quote != QuoteCharacter.NONE && sql.startsWith(quote.getStartDelimiter(), name.getStartIndex());
        return new TableRef(Optional.ofNullable(name.getIdentifier().getValue()).orElse(""), table.getAliasName().orElse(null),
                name.getStartIndex(), name.getStopIndex(), quoted ? quote.getStartDelimiter() : "", quoted ? quote.getEndDelimiter() : "");
    }

    private static String lower(ColumnSegment column) {
        return column.getIdentifier().getValue().toLowerCase(Locale.ROOT);
    }

    /** The relation a {@code CREATE TABLE/INDEX … IF NOT EXISTS} creates, or null for any other DDL. */
    private static String createdIfMissing(DDLStatement ddl) {
        if (ddl instanceof CreateTableStatement create && create.isIfNotExists() && create.getTable() != null) {
            return lowerName(create.getTable());
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
            out.add(lowerName(alter.getTable()));
        } else if (ddl instanceof CreateTableStatement create) {
            out.add(lowerName(create.getTable()));
        } else if (ddl instanceof CreateIndexStatement index && index.getTable() != null) {
            out.add(lowerName(index.getTable()));
        } else if (ddl instanceof DropTableStatement drop) {
            drop.getTables().forEach(t -> out.add(lowerName(t)));
        } else if (ddl instanceof TruncateStatement truncate) {
            truncate.getTables().forEach(t -> out.add(lowerName(t)));
        }
        return out;
    }

    private static String lowerName(SimpleTableSegment table) {
        return Optional.ofNullable(table.getTableName().getIdentifier().getValue()).orElse("").toLowerCase(Locale.ROOT);
    }
}
