package io.shardbridge.sharding.fastpath;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardbridge.config.TableRule;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sharding.fastpath.KeyPredicates.KeyValue;
import io.shardbridge.sql.SqlParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.shardingsphere.infra.database.core.metadata.database.enums.QuoteCharacter;
import org.apache.shardingsphere.sql.parser.statement.core.extractor.SubqueryExtractor;
import org.apache.shardingsphere.sql.parser.statement.core.extractor.TableExtractor;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.assignment.ColumnAssignmentSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.assignment.InsertValuesSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.column.ColumnSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.predicate.WhereSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.SimpleTableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.TableNameSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.TableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.statement.SQLStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dml.DeleteStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dml.InsertStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dml.SelectStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dml.UpdateStatement;

/**
 * Decides, once per SQL text, whether a statement can skip ShardingSphere: it must touch exactly one
 * sharded table, once, and pin one shard-key value, so that ShardingSphere would route it to exactly one
 * physical table and rewrite nothing but that table's name. Everything else answers empty and goes
 * through ShardingSphere unchanged.
 *
 * <p>Correctness argument, per shape (what ShardingSphere 5.5.2 does with a single route unit is the
 * table-name rewrite only: no pagination, projection or key rewrite is needed on one physical table):
 * <ul>
 *   <li>SELECT: one {@code FROM} table, no join, subquery, {@code WITH} or {@code UNION}; every OR-branch of the
 *       WHERE clause (ShardingSphere's {@code AndPredicate}s) contains exactly one predicate on the shard key and
 *       it is {@code key = ?} or {@code key = literal}, the same one in every branch. The rows it can match all
 *       carry that key value, so they all live in that value's physical table.</li>
 *   <li>UPDATE and DELETE: the same WHERE rule, one table, no {@code FROM}/{@code USING}, and UPDATE does not
 *       assign the shard key (ShardingSphere refuses or re-routes that).</li>
 *   <li>INSERT … VALUES with one row that lists the shard key as a parameter or literal (or leaves out a
 *       {@code key-generate} column that is the shard key), no {@code INSERT … SELECT}. A left-out
 *       {@code key-generate} column is appended with a marker for its value, where ShardingSphere appends it,
 *       and the value comes from ShardingSphere's own generator.</li>
 * </ul>
 * The table names replaced are exactly the ones ShardingSphere's own {@link TableExtractor} marks for
 * rewriting (the table and any {@code table.column} owners), so the physical SQL is the text ShardingSphere
 * would send.
 */
public final class SingleShardPlanner {
    private final SqlParser parser;
    private final Map<String, ShardLayout> layouts;
    private final Cache<String, Optional<SingleShardPlan>> cache;

    public SingleShardPlanner(TargetConfig target, long maxCachedStatements) {
        this.parser = new SqlParser(target.sqlDialect());
        this.layouts = ShardLayout.byTableName(target);
        this.cache = Caffeine.newBuilder().maximumSize(maxCachedStatements).build();
    }

    /** The plan of a single-shard statement, or empty when it must go through ShardingSphere. */
    public Optional<SingleShardPlan> plan(String sql) {
        return cache.get(sql, this::analyse);
    }

    private Optional<SingleShardPlan> analyse(String sql) {
        SQLStatement statement;
        try {
            statement = parser.parse(sql);
        } catch (RuntimeException e) {
            return Optional.empty(); // ShardingSphere reports it when the statement runs
        }
        TableExtractor extractor = new TableExtractor();
        if (statement instanceof SelectStatement select) {
            if (select.getCombine().isPresent() || select.getWithSegment().isPresent() || !(select.getFrom().orElse(null) instanceof SimpleTableSegment)
                    || !SubqueryExtractor.extractSubquerySegments(select, true).isEmpty()) {
                return Optional.empty();
            }
            extractor.extractTablesFromSelect(select);
            return byWhere(sql, extractor, (SimpleTableSegment) select.getFrom().get(), select.getWhere());
        }
        if (statement instanceof UpdateStatement update) {
            if (update.getFrom().isPresent() || update.getWithSegment().isPresent() || !(update.getTable() instanceof SimpleTableSegment table)) {
                return Optional.empty();
            }
            ShardLayout layout = layoutOf(table);
            if (layout == null || assignsKey(update, layout.rule().shardKey())) {
                return Optional.empty();
            }
            extractor.extractTablesFromUpdate(update);
            return byWhere(sql, extractor, table, update.getWhere());
        }
        if (statement instanceof DeleteStatement delete) {
            if (delete.getWithSegment().isPresent() || !(delete.getTable() instanceof SimpleTableSegment table)) {
                return Optional.empty();
            }
            extractor.extractTablesFromDelete(delete);
            return byWhere(sql, extractor, table, delete.getWhere());
        }
        if (statement instanceof InsertStatement insert) {
            return byInsertedKey(sql, insert);
        }
        return Optional.empty();
    }

    private Optional<SingleShardPlan> byWhere(String sql, TableExtractor extractor, SimpleTableSegment table, Optional<WhereSegment> where) {
        ShardLayout layout = layoutOf(table);
        if (layout == null || where.isEmpty() || !onlyThisTable(extractor, table)) {
            return Optional.empty();
        }
        KeyValue pinned = KeyPredicates.pinned(where, table, layout);
        return pinned == null ? Optional.empty() : Optional.of(plan(sql, layout, pinned, extractor.getRewriteTables()));
    }

    private Optional<SingleShardPlan> byInsertedKey(String sql, InsertStatement insert) {
        SimpleTableSegment table = insert.getTable().orElse(null);
        ShardLayout layout = table == null ? null : layoutOf(table);
        if (layout == null || insert.getInsertSelect().isPresent() || insert.getValues().size() != 1 || insert.getSetAssignment().isPresent()
                || insert.getWithSegment().isPresent()) {
            return Optional.empty();
        }
        List<String> columns = new ArrayList<>();
        insert.getColumns().forEach(c -> columns.add(c.getIdentifier().getValue().toLowerCase(Locale.ROOT)));
        TableRule rule = layout.rule();
        InsertValuesSegment row = insert.getValues().iterator().next();
        if (row.getValues().size() != columns.size()) {
            return Optional.empty();
        }
        String shardKey = rule.shardKey().toLowerCase(Locale.ROOT);
        List<int[]> insertions = new ArrayList<>();
        String generated = null;
        if (rule.generatedKey().isPresent() && !columns.contains(rule.generatedKey().get().toLowerCase(Locale.ROOT))) {
            // ShardingSphere would append the generated column and its value; the fast path does the same, with a
            // marker after the statement's own, so none may follow the VALUES row (ON CONFLICT … = ?, RETURNING ?)
            if (insert.getInsertColumns().isEmpty() || maxMarkerStart(insert) > row.getStopIndex()) {
                return Optional.empty();
            }
            generated = rule.generatedKey().get();
            insertions.add(new int[] {insert.getInsertColumns().get().getStopIndex(), 0});
            insertions.add(new int[] {row.getStopIndex(), 1});
        }
        boolean keyGenerated = generated != null && generated.equalsIgnoreCase(shardKey);
        KeyValue key = keyGenerated ? new KeyValue(-1, null) : columns.contains(shardKey) ? KeyPredicates.valueOf(row.getValues().get(columns.indexOf(shardKey))) : null;
        if (key == null) {
            return Optional.empty();
        }
        TableExtractor extractor = new TableExtractor();
        extractor.extractTablesFromInsert(insert);
        if (!onlyThisTable(extractor, table)) {
            return Optional.empty();
        }
        String generatedColumn = generated;
        return Optional.of(plan(sql, layout, key, extractor.getRewriteTables(), insertions,
                kind -> kind == 0 ? ", " + generatedColumn : ", ?", generated, keyGenerated, insert.getParameterCount()));
    }

    private static int maxMarkerStart(InsertStatement insert) {
        return insert.getParameterMarkerSegments().stream().mapToInt(m -> m.getStartIndex()).max().orElse(-1);
    }

    private SingleShardPlan plan(String sql, ShardLayout layout, KeyValue key, Collection<SimpleTableSegment> rewriteTables) {
        return plan(sql, layout, key, rewriteTables, List.of(), kind -> "", null, false, 0);
    }

    /**
     * Splits the text at each table name to rewrite and at each insertion point ({position, kind}: the
     * text {@code insertedText(kind)} goes in front of the character at {@code position}).
     */
    private SingleShardPlan plan(String sql, ShardLayout layout, KeyValue key, Collection<SimpleTableSegment> rewriteTables, List<int[]> insertions,
                                 IntFunction<String> insertedText, String generated, boolean keyGenerated, int parameterCount) {
        TreeMap<Integer, Object> edits = new TreeMap<>();
        rewriteTables.forEach(t -> edits.put(t.getTableName().getStartIndex(), t.getTableName()));
        insertions.forEach(at -> edits.put(at[0], insertedText.apply(at[1])));
        String[] pieces = new String[edits.size() + 1];
        String[][] fills = new String[edits.size()][];
        int from = 0;
        int i = 0;
        for (Map.Entry<Integer, Object> edit : edits.entrySet()) {
            pieces[i] = sql.substring(from, edit.getKey());
            if (edit.getValue() instanceof TableNameSegment name) {
                QuoteCharacter quote = name.getIdentifier().getQuoteCharacter();
                boolean quoted = quote != QuoteCharacter.NONE && sql.startsWith(quote.getStartDelimiter(), name.getStartIndex());
                fills[i] = quoted ? new String[] {"table", quote.getStartDelimiter(), quote.getEndDelimiter()} : new String[] {"table", "", ""};
                from = name.getStopIndex() + 1;
            } else {
                fills[i] = new String[] {"text", (String) edit.getValue()};
                from = edit.getKey();
            }
            i++;
        }
        pieces[i] = sql.substring(from);
        return new SingleShardPlan(layout.rule().name(), layout, key.parameter(), key.literal(), pieces, fills, generated, keyGenerated, parameterCount);
    }

    /** Every table the statement names (and every {@code table.} owner it rewrites) is this one table. */
    private static boolean onlyThisTable(TableExtractor extractor, SimpleTableSegment table) {
        if (!extractor.getJoinTables().isEmpty() || extractor.getTableContext().size() != 1) {
            return false;
        }
        String name = table.getTableName().getIdentifier().getValue();
        for (TableSegment t : extractor.getTableContext()) {
            if (!(t instanceof SimpleTableSegment simple) || !simple.getTableName().getIdentifier().getValue().equalsIgnoreCase(name)) {
                return false;
            }
        }
        for (SimpleTableSegment t : extractor.getRewriteTables()) {
            if (!t.getTableName().getIdentifier().getValue().equalsIgnoreCase(name)) {
                return false;
            }
        }
        return true;
    }

    private ShardLayout layoutOf(SimpleTableSegment table) {
        return layouts.get(table.getTableName().getIdentifier().getValue().toLowerCase(Locale.ROOT));
    }

    private static boolean assignsKey(UpdateStatement update, String key) {
        for (ColumnAssignmentSegment assignment : update.getSetAssignment().getAssignments()) {
            for (ColumnSegment column : assignment.getColumns()) {
                if (column.getIdentifier().getValue().equalsIgnoreCase(key)) {
                    return true;
                }
            }
        }
        return false;
    }
}
