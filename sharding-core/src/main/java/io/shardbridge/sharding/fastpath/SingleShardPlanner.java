package io.shardbridge.sharding.fastpath;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardbridge.config.TableRule;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sharding.fastpath.KeyPredicates.KeyValue;
import io.shardbridge.sql.Assignment;
import io.shardbridge.sql.InsertFacts;
import io.shardbridge.sql.NamedTables;
import io.shardbridge.sql.ParsedStatement;
import io.shardbridge.sql.ParsedStatements;
import io.shardbridge.sql.Query;
import io.shardbridge.sql.TableRef;
import io.shardbridge.sql.Where;
import io.shardbridge.config.Dialect;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

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
 * The table names replaced are exactly the ones ShardingSphere's own table extractor marks ({@link NamedTables#rewritten()}) for
 * rewriting (the table and any {@code table.column} owners), so the physical SQL is the text ShardingSphere
 * would send.
 *
 * <p>It reads the parsed-statement model ({@link ParsedStatements}, shared with the subquery guard and the
 * migration layer), never ShardingSphere's statement classes; the plan per text, which depends on this
 * target's layouts, is cached here.
 */
public final class SingleShardPlanner {
    private final ParsedStatements parsed;
    private final Dialect dialect;
    private final Map<String, ShardLayout> layouts;
    private final Cache<String, Optional<SingleShardPlan>> cache;

    public SingleShardPlanner(TargetConfig target, long maxCachedStatements) {
        this(target, maxCachedStatements, ParsedStatements.shared());
    }

    public SingleShardPlanner(TargetConfig target, long maxCachedStatements, ParsedStatements parsed) {
        this.parsed = parsed;
        this.dialect = target.sqlDialect();
        this.layouts = ShardLayout.byTableName(target);
        this.cache = Caffeine.newBuilder().maximumSize(maxCachedStatements).build();
    }

    /** The plan of a single-shard statement, or empty when it must go through ShardingSphere. */
    public Optional<SingleShardPlan> plan(String sql) {
        return cache.get(sql, this::analyse);
    }

    private Optional<SingleShardPlan> analyse(String sql) {
        ParsedStatement statement = parsed.get(dialect, sql);
        switch (statement.kind()) {
            case SELECT -> {
                Query select = statement.select();
                if (select.combined() || select.with() || select.singleTable() == null || !select.subqueriesRead() || !select.subqueries().isEmpty()) {
                    return Optional.empty();
                }
                return byWhere(sql, statement.tables(), select.singleTable(), select.where());
            }
            case UPDATE -> {
                var update = statement.update();
                if (update.from() || update.with() || update.table() == null) {
                    return Optional.empty();
                }
                ShardLayout layout = layoutOf(update.table());
                if (layout == null || assignsKey(update.assignments(), layout.rule().shardKey())) {
                    return Optional.empty();
                }
                return byWhere(sql, statement.tables(), update.table(), update.where());
            }
            case DELETE -> {
                var delete = statement.delete();
                if (delete.with() || delete.table() == null) {
                    return Optional.empty();
                }
                return byWhere(sql, statement.tables(), delete.table(), delete.where());
            }
            case INSERT -> {
                return byInsertedKey(sql, statement);
            }
            default -> {
                return Optional.empty(); // not a single-table DML statement, or ShardingSphere reports what it cannot parse when it runs
            }
        }
    }

    private Optional<SingleShardPlan> byWhere(String sql, NamedTables tables, TableRef table, Where where) {
        ShardLayout layout = layoutOf(table);
        if (layout == null || where == null || !tables.onlyTable(table.name())) {
            return Optional.empty();
        }
        KeyValue pinned = KeyPredicates.pinned(where, table, layout);
        return pinned == null ? Optional.empty() : Optional.of(plan(sql, layout, pinned, tables.rewritten()));
    }

    private Optional<SingleShardPlan> byInsertedKey(String sql, ParsedStatement statement) {
        InsertFacts insert = statement.insert();
        TableRef table = insert.table();
        ShardLayout layout = table == null ? null : layoutOf(table);
        if (layout == null || insert.select() || insert.rows().size() != 1 || insert.setAssignment() || insert.with()) {
            return Optional.empty();
        }
        List<String> columns = insert.columns();
        TableRule rule = layout.rule();
        InsertFacts.Row row = insert.rows().get(0);
        if (row.values().size() != columns.size()) {
            return Optional.empty();
        }
        String shardKey = rule.shardKey().toLowerCase(Locale.ROOT);
        List<int[]> insertions = new ArrayList<>();
        String generated = null;
        if (rule.generatedKey().isPresent() && !columns.contains(rule.generatedKey().get().toLowerCase(Locale.ROOT))) {
            // ShardingSphere would append the generated column and its value; the fast path does the same, with a
            // marker after the statement's own, so none may follow the VALUES row (ON CONFLICT … = ?, RETURNING ?)
            if (insert.columnsStop() < 0 || statement.lastMarkerStart() > row.stop()) {
                return Optional.empty();
            }
            generated = rule.generatedKey().get();
            insertions.add(new int[] {insert.columnsStop(), 0});
            insertions.add(new int[] {row.stop(), 1});
        }
        boolean keyGenerated = generated != null && generated.equalsIgnoreCase(shardKey);
        KeyValue key = keyGenerated ? new KeyValue(-1, null)
                : columns.contains(shardKey) ? KeyPredicates.valueOf(row.values().get(columns.indexOf(shardKey)).value()) : null;
        if (key == null || !statement.tables().onlyTable(table.name())) {
            return Optional.empty();
        }
        String generatedColumn = generated;
        return Optional.of(plan(sql, layout, key, statement.tables().rewritten(), insertions,
                kind -> kind == 0 ? ", " + generatedColumn : ", ?", generated, keyGenerated, statement.parameterCount()));
    }

    private SingleShardPlan plan(String sql, ShardLayout layout, KeyValue key, Collection<TableRef> rewriteTables) {
        return plan(sql, layout, key, rewriteTables, List.of(), kind -> "", null, false, 0);
    }

    /**
     * Splits the text at each table name to rewrite and at each insertion point ({position, kind}: the
     * text {@code insertedText(kind)} goes in front of the character at {@code position}).
     */
    private SingleShardPlan plan(String sql, ShardLayout layout, KeyValue key, Collection<TableRef> rewriteTables, List<int[]> insertions,
                                 IntFunction<String> insertedText, String generated, boolean keyGenerated, int parameterCount) {
        TreeMap<Integer, Object> edits = new TreeMap<>();
        rewriteTables.forEach(t -> edits.put(t.start(), t));
        insertions.forEach(at -> edits.put(at[0], insertedText.apply(at[1])));
        String[] pieces = new String[edits.size() + 1];
        String[][] fills = new String[edits.size()][];
        int from = 0;
        int i = 0;
        for (Map.Entry<Integer, Object> edit : edits.entrySet()) {
            pieces[i] = sql.substring(from, edit.getKey());
            if (edit.getValue() instanceof TableRef name) {
                fills[i] = new String[] {"table", name.openQuote(), name.closeQuote()};
                from = name.stop() + 1;
            } else {
                fills[i] = new String[] {"text", (String) edit.getValue()};
                from = edit.getKey();
            }
            i++;
        }
        pieces[i] = sql.substring(from);
        return new SingleShardPlan(layout.rule().name(), layout, key.parameter(), key.literal(), pieces, fills, generated, keyGenerated, parameterCount);
    }

    private ShardLayout layoutOf(TableRef table) {
        return layouts.get(table.lowerName());
    }

    private static boolean assignsKey(List<Assignment> assignments, String key) {
        for (Assignment assignment : assignments) {
            for (String column : assignment.columns()) {
                if (column.equalsIgnoreCase(key)) {
                    return true;
                }
            }
        }
        return false;
    }
}
