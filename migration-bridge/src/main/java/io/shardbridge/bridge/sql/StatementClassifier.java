package io.shardbridge.bridge.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardbridge.config.Dialect;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.shardingsphere.sql.parser.api.CacheOption;
import org.apache.shardingsphere.sql.parser.api.SQLParserEngine;
import org.apache.shardingsphere.sql.parser.api.SQLStatementVisitorEngine;
import org.apache.shardingsphere.sql.parser.statement.core.extractor.TableExtractor;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.assignment.ColumnAssignmentSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.assignment.SetAssignmentSegment;
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
    private final SQLParserEngine parser;
    private final SQLStatementVisitorEngine visitor;
    private final Cache<String, StatementShape> cache;

    public StatementClassifier(Dialect dialect, long maxCachedStatements) {
        this.parser = new SQLParserEngine(dialect.shardingSphereName(), new CacheOption(128, 1024L));
        this.visitor = new SQLStatementVisitorEngine(dialect.shardingSphereName());
        this.cache = Caffeine.newBuilder().maximumSize(maxCachedStatements).build();
    }

    public StatementShape classify(String sql) {
        return cache.get(sql, this::parse);
    }

    private StatementShape parse(String sql) {
        SQLStatement statement;
        try {
            statement = visitor.visit(parser.parse(sql, false));
        } catch (RuntimeException e) {
            return new StatementShape(StatementKind.UNPARSEABLE, Set.of(), Set.of(), List.of(), false,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        TableExtractor extractor = new TableExtractor();
        if (statement instanceof SelectStatement select) {
            extractor.extractTablesFromSelect(select);
            return shape(StatementKind.SELECT, extractor, Set.of(), List.of(), false);
        }
        if (statement instanceof InsertStatement insert) {
            extractor.extractTablesFromInsert(insert);
            Set<String> assigned = insert.getOnDuplicateKeyColumns()
                    .map(s -> columnsOf(s.getColumns())).orElse(Set.of());
            List<String> columns = new ArrayList<>();
            insert.getColumns().forEach(c -> columns.add(name(c)));
            return shape(StatementKind.INSERT, extractor, assigned, columns, insert.getReturningSegment().isPresent());
        }
        if (statement instanceof UpdateStatement update) {
            extractor.extractTablesFromUpdate(update);
            return shape(StatementKind.UPDATE, extractor, assignedColumns(update.getSetAssignment()), List.of(),
                    update.getReturningSegment().isPresent());
        }
        if (statement instanceof DeleteStatement delete) {
            extractor.extractTablesFromDelete(delete);
            return shape(StatementKind.DELETE, extractor, Set.of(), List.of(), delete.getReturningSegment().isPresent());
        }
        if (statement instanceof DDLStatement ddl) {
            return new StatementShape(StatementKind.DDL, ddlTables(ddl), Set.of(), List.of(), false, null);
        }
        extractor.extractTablesFromSQLStatement(statement);
        return shape(StatementKind.OTHER, extractor, Set.of(), List.of(), false);
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

    private static StatementShape shape(StatementKind kind, TableExtractor extractor, Set<String> assigned, List<String> insertColumns,
                                        boolean returning) {
        Set<String> tables = new LinkedHashSet<>();
        extractor.getRewriteTables().forEach(t -> tables.add(tableName(t)));
        for (TableSegment t : extractor.getTableContext()) {
            if (t instanceof SimpleTableSegment simple) {
                tables.add(tableName(simple));
            }
        }
        return new StatementShape(kind, tables, assigned, insertColumns, returning, null);
    }

    private static Set<String> assignedColumns(SetAssignmentSegment set) {
        Set<String> out = new LinkedHashSet<>();
        for (ColumnAssignmentSegment assignment : set.getAssignments()) {
            assignment.getColumns().forEach(c -> out.add(name(c)));
        }
        return out;
    }

    private static Set<String> columnsOf(java.util.Collection<ColumnAssignmentSegment> assignments) {
        Set<String> out = new LinkedHashSet<>();
        assignments.forEach(a -> a.getColumns().forEach(c -> out.add(name(c))));
        return out;
    }

    private static String name(ColumnSegment column) {
        return column.getIdentifier().getValue().toLowerCase(Locale.ROOT);
    }

    private static String tableName(SimpleTableSegment table) {
        return Optional.ofNullable(table.getTableName().getIdentifier().getValue()).orElse("").toLowerCase(Locale.ROOT);
    }
}
