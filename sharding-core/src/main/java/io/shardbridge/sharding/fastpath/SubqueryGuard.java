package io.shardbridge.sharding.fastpath;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sharding.fastpath.KeyPredicates.KeyValue;
import io.shardbridge.sql.ColumnRef;
import io.shardbridge.sql.ParsedStatement;
import io.shardbridge.sql.ParsedStatements;
import io.shardbridge.sql.Query;
import io.shardbridge.sql.TableRef;
import io.shardbridge.sql.Where;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Refuses the SELECT shapes with a subquery on a sharded table that ShardingSphere-JDBC 5.5.2 answers
 * wrongly without an error (measured, docs/sharding.md): it evaluates the statement per physical table,
 * or routes the whole statement by the subquery's key. A subquery on a sharded table is safe only when
 * its rows are co-located with the outer row that uses them:
 * <ul>
 *   <li>correlated on the shard key: {@code inner.key = outer.key}, the two tables laid out alike;</li>
 *   <li>a key list for the outer key: {@code outer.key [NOT] IN (SELECT inner.key …)}, laid out alike;</li>
 *   <li>pinned: the subquery and the outer query each pin their key with {@code key = value}, and the
 *       values land in the same slot of the same layout (checked at execution, with the bound values).</li>
 * </ul>
 * Everything else with a subquery on a sharded table is refused with SQLState 0A000, naming the table
 * and the safe shapes. Subqueries in {@code FROM} (derived tables) and UPDATE/DELETE statements are not
 * checked (documented). {@code target.subquery-guard: false} turns the guard off.
 *
 * <p>It reads the parsed-statement model ({@link ParsedStatements}, shared with the fast path and the
 * migration layer); the verdict per text, which depends on this target's layouts, is cached here.
 */
public final class SubqueryGuard {
    /** What a SQL text needs before it runs. */
    public sealed interface Verdict permits Safe, Refused, SameSlot {
        /** Throws when this execution would be answered wrongly; {@code parameter} gives bound values (1-based), or null. */
        void check(IntFunction<Object> parameter) throws SQLException;
    }

    /** Nothing to check. */
    public record Safe() implements Verdict {
        @Override
        public void check(IntFunction<Object> parameter) {
        }
    }

    /** Always answered wrongly. */
    public record Refused(String reason) implements Verdict {
        @Override
        public void check(IntFunction<Object> parameter) throws SQLException {
            throw new SQLException(reason, "0A000");
        }
    }

    /** Right only when every pinned value lands in one slot. */
    public record SameSlot(String table, List<KeyValue> values, ShardLayout layout) implements Verdict {
        @Override
        public void check(IntFunction<Object> parameter) throws SQLException {
            Integer slot = null;
            List<Object> seen = new ArrayList<>();
            for (KeyValue v : values) {
                Object value = v.parameter() >= 0 ? (parameter == null ? null : parameter.apply(v.parameter() + 1)) : v.literal();
                if (value == null) {
                    return; // key = NULL matches nothing wherever it runs
                }
                seen.add(value);
                int s;
                try {
                    s = layout.slotFunction().slotOf(value);
                } catch (RuntimeException e) {
                    return; // ShardingSphere reports the value itself
                }
                if (slot != null && slot != s) {
                    throw new SQLException("the outer query and its subquery on " + table + " pin shard-key values " + seen
                            + " that live in different physical tables; ShardingSphere would run the whole statement on one of them and "
                            + "answer wrongly. Use one shard-key value throughout, or run this query where all rows are in one place", "0A000");
                }
                slot = s;
            }
        }
    }

    private static final Verdict SAFE = new Safe();

    private final ParsedStatements parsed;
    private final Dialect dialect;
    private final Map<String, ShardLayout> layouts;
    private final Cache<String, Verdict> cache;

    public SubqueryGuard(TargetConfig target, long maxCachedStatements) {
        this(target, maxCachedStatements, ParsedStatements.shared());
    }

    public SubqueryGuard(TargetConfig target, long maxCachedStatements, ParsedStatements parsed) {
        this.parsed = parsed;
        this.dialect = target.sqlDialect();
        this.layouts = ShardLayout.byTableName(target);
        this.cache = Caffeine.newBuilder().maximumSize(maxCachedStatements).build();
    }

    public Verdict verdict(String sql) {
        // a subquery is a second SELECT: text with fewer cannot have one, and is not parsed (plain statements with
        // inline literals are a new text every time, so this keeps their cost and the cache untouched)
        return selects(sql) < 2 ? SAFE : cache.get(sql, this::analyse);
    }

    private static int selects(String sql) {
        int count = 0;
        for (int at = 0; (at = indexOfIgnoreCase(sql, "select", at)) >= 0; at += 6) {
            count++;
        }
        return count;
    }

    private static int indexOfIgnoreCase(String text, String word, int from) {
        for (int i = from; i <= text.length() - word.length(); i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return i;
            }
        }
        return -1;
    }

    private Verdict analyse(String sql) {
        ParsedStatement statement = parsed.get(dialect, sql);
        if (statement.kind() != ParsedStatement.Kind.SELECT || !statement.select().subqueriesRead()) {
            return SAFE; // ShardingSphere reports what it cannot parse
        }
        Query outer = statement.select();
        List<Query.Subquery> subqueries = new ArrayList<>(outer.subqueries());
        subqueries.removeIf(s -> insideDerivedTable(s, outer.from()));
        List<Pin> pins = new ArrayList<>();
        for (Query.Subquery subquery : subqueries) {
            Query inner = subquery.select();
            if (inner == null) {
                continue;
            }
            Query.From from = inner.from();
            if (from == null || !readsShardedTable(from)) {
                continue;
            }
            Query parent = parentOf(subquery, outer, subqueries);
            TableRef outerTable = shardedSingleTable(parent);
            if (!(from instanceof Query.From.Table single)) {
                return refuse(sql, "a subquery joins sharded tables");
            }
            TableRef innerTable = single.table();
            ShardLayout innerLayout = layoutOf(innerTable);
            if (outerTable != null && (correlatedOnKey(inner, innerTable, innerLayout, outerTable) || keyList(parent, subquery, inner, innerTable, innerLayout, outerTable))) {
                continue;
            }
            KeyValue pinned = KeyPredicates.pinned(inner.where(), innerTable, innerLayout);
            if (pinned == null) {
                return refuse(sql, "the subquery on " + innerTable.name() + " is neither pinned to one shard-key value, "
                        + "nor correlated on the shard key, nor a shard-key IN list, so ShardingSphere would evaluate it per physical table");
            }
            pins.add(new Pin(innerTable, innerLayout, pinned));
        }
        if (pins.isEmpty()) {
            return SAFE;
        }
        TableRef outerTable = shardedSingleTable(outer);
        KeyValue outerPin = outerTable == null ? null : KeyPredicates.pinned(outer.where(), outerTable, layoutOf(outerTable));
        String table = pins.get(0).table().name();
        if (outerPin == null) {
            return refuse(sql, "the subquery on " + table + " is pinned to one shard-key value but the outer query is not, so ShardingSphere would run "
                    + "the whole statement on that value's physical table only");
        }
        List<KeyValue> values = new ArrayList<>();
        values.add(outerPin);
        ShardLayout outerLayout = layoutOf(outerTable);
        for (Pin pin : pins) {
            if (!pin.layout().rule().sameLayoutAs(outerLayout.rule())) {
                return refuse(sql, "the subquery on " + pin.table().name() + " and the outer query on "
                        + outerTable.name() + " are sharded differently");
            }
            values.add(pin.value());
        }
        return new SameSlot(table, values, outerLayout);
    }

    /** The query's one FROM table when it is sharded, else null. */
    private TableRef shardedSingleTable(Query query) {
        TableRef t = query.singleTable();
        return t != null && layoutOf(t) != null ? t : null;
    }

    private record Pin(TableRef table, ShardLayout layout, KeyValue value) {
    }

    private static Verdict refuse(String sql, String why) {
        return new Refused("statement refused: " + why + ", and would answer wrongly without an error. Write subqueries on sharded tables "
                + "pinned to the outer query's shard-key value, correlated on the shard key (inner.key = outer.key), or as outer.key IN "
                + "(SELECT inner.key …); run other shapes where all rows are in one place (legacy, a reporting replica). "
                + "See docs/sharding.md. Statement: " + sql);
    }

    /** {@code inner.key = outer.key} among the subquery's AND-ed conditions, the tables laid out alike. */
    private boolean correlatedOnKey(Query inner, TableRef innerTable, ShardLayout innerLayout, TableRef outerTable) {
        ShardLayout outerLayout = layoutOf(outerTable);
        if (inner.where() == null || !innerLayout.rule().sameLayoutAs(outerLayout.rule())) {
            return false;
        }
        for (List<Where.Predicate> branch : inner.where().orBranches()) {
            boolean found = false;
            for (Where.Predicate predicate : branch) {
                Where.Comparison c = predicate.comparison();
                if (c != null && c.left() instanceof ColumnRef l && c.right() instanceof ColumnRef r
                        && (innerKeyOuterKey(l, r, innerTable, innerLayout, outerTable, outerLayout)
                            || innerKeyOuterKey(r, l, innerTable, innerLayout, outerTable, outerLayout))) {
                    found = true;
                }
            }
            if (!found) {
                return false; // every OR-branch must keep the correlation
            }
        }
        return true;
    }

    private static boolean innerKeyOuterKey(ColumnRef innerColumn, ColumnRef outerColumn, TableRef innerTable, ShardLayout innerLayout,
                                            TableRef outerTable, ShardLayout outerLayout) {
        return KeyPredicates.isKey(innerColumn, innerTable, innerLayout) && !KeyPredicates.ownedBy(outerColumn, innerTable)
                && KeyPredicates.ownedBy(outerColumn, outerTable) && KeyPredicates.isKey(outerColumn, outerTable, outerLayout);
    }

    /** {@code outer.key [NOT] IN (SELECT inner.key …)} at the top of the parent's WHERE, the tables laid out alike. */
    private boolean keyList(Query parent, Query.Subquery subquery, Query inner, TableRef innerTable, ShardLayout innerLayout, TableRef outerTable) {
        ShardLayout outerLayout = layoutOf(outerTable);
        if (parent.where() == null || !innerLayout.rule().sameLayoutAs(outerLayout.rule()) || inner.projectionCount() != 1) {
            return false;
        }
        if (inner.firstColumn() == null || !KeyPredicates.isKey(inner.firstColumn(), innerTable, innerLayout)) {
            return false;
        }
        for (List<Where.Predicate> branch : parent.where().orBranches()) {
            for (Where.Predicate predicate : branch) {
                Where.InSubquery in = predicate.inSubquery();
                if (in != null && in.subqueryStart() == subquery.start()
                        && in.left() instanceof ColumnRef left && KeyPredicates.isKey(left, outerTable, outerLayout)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The SELECT whose text most closely encloses the subquery (the outer statement or another subquery). */
    private static Query parentOf(Query.Subquery subquery, Query outer, List<Query.Subquery> all) {
        Query.Subquery best = null;
        for (Query.Subquery candidate : all) {
            if (candidate != subquery && candidate.start() < subquery.start() && candidate.stop() > subquery.stop()
                    && (best == null || candidate.start() > best.start())) {
                best = candidate;
            }
        }
        return best == null || best.select() == null ? outer : best.select();
    }

    private static boolean insideDerivedTable(Query.Subquery subquery, Query.From from) {
        for (Query.From.Derived derived : derivedTables(from, new ArrayList<>())) {
            if (subquery.start() >= derived.start() && subquery.stop() <= derived.stop()) {
                return true;
            }
        }
        return false;
    }

    private static List<Query.From.Derived> derivedTables(Query.From from, List<Query.From.Derived> out) {
        if (from instanceof Query.From.Derived derived) {
            out.add(derived);
        } else if (from instanceof Query.From.Join join) {
            derivedTables(join.left(), out);
            derivedTables(join.right(), out);
        }
        return out;
    }

    private boolean readsShardedTable(Query.From from) {
        if (from instanceof Query.From.Table table) {
            return layoutOf(table.table()) != null;
        }
        if (from instanceof Query.From.Join join) {
            return readsShardedTable(join.left()) || readsShardedTable(join.right());
        }
        return false;
    }

    private ShardLayout layoutOf(TableRef table) {
        return layouts.get(table.lowerName());
    }
}
