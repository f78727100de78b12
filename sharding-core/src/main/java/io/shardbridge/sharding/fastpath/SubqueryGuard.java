package io.shardbridge.sharding.fastpath;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sql.SqlParser;
import io.shardbridge.sharding.fastpath.KeyPredicates.KeyValue;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.shardingsphere.sql.parser.statement.core.extractor.ExpressionExtractor;
import org.apache.shardingsphere.sql.parser.statement.core.extractor.SubqueryExtractor;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.column.ColumnSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.BinaryOperationExpression;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.ExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.InExpression;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.subquery.SubqueryExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.subquery.SubquerySegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.item.ColumnProjectionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.item.ProjectionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.predicate.AndPredicate;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.JoinTableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.SimpleTableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.SubqueryTableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.TableSegment;
import org.apache.shardingsphere.sql.parser.statement.core.statement.SQLStatement;
import org.apache.shardingsphere.sql.parser.statement.core.statement.dml.SelectStatement;

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

    private final SqlParser parser;
    private final Map<String, ShardLayout> layouts;
    private final Cache<String, Verdict> cache;

    public SubqueryGuard(TargetConfig target, long maxCachedStatements) {
        this.parser = new SqlParser(target.sqlDialect());
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
        SQLStatement statement;
        try {
            statement = parser.parse(sql);
        } catch (RuntimeException e) {
            return SAFE; // ShardingSphere reports what it cannot parse
        }
        if (!(statement instanceof SelectStatement outer)) {
            return SAFE;
        }
        List<SubquerySegment> subqueries = new ArrayList<>(SubqueryExtractor.extractSubquerySegments(outer, true));
        subqueries.removeIf(s -> insideDerivedTable(s, outer.getFrom().orElse(null)));
        List<Pin> pins = new ArrayList<>();
        for (SubquerySegment subquery : subqueries) {
            SelectStatement inner = subquery.getSelect();
            if (inner == null) {
                continue;
            }
            TableSegment from = inner.getFrom().orElse(null);
            if (from == null || !readsShardedTable(from)) {
                continue;
            }
            SelectStatement parent = parentOf(subquery, outer, subqueries);
            SimpleTableSegment outerTable = parent.getFrom().orElse(null) instanceof SimpleTableSegment t && layoutOf(t) != null ? t : null;
            if (!(from instanceof SimpleTableSegment innerTable)) {
                return refuse(sql, "a subquery joins sharded tables");
            }
            ShardLayout innerLayout = layoutOf(innerTable);
            if (outerTable != null && (correlatedOnKey(inner, innerTable, innerLayout, outerTable) || keyList(parent, subquery, inner, innerTable, innerLayout, outerTable))) {
                continue;
            }
            KeyValue pinned = KeyPredicates.pinned(inner.getWhere(), innerTable, innerLayout);
            if (pinned == null) {
                return refuse(sql, "the subquery on " + innerTable.getTableName().getIdentifier().getValue() + " is neither pinned to one shard-key value, "
                        + "nor correlated on the shard key, nor a shard-key IN list, so ShardingSphere would evaluate it per physical table");
            }
            pins.add(new Pin(innerTable, innerLayout, pinned));
        }
        if (pins.isEmpty()) {
            return SAFE;
        }
        SimpleTableSegment outerTable = outer.getFrom().orElse(null) instanceof SimpleTableSegment t && layoutOf(t) != null ? t : null;
        KeyValue outerPin = outerTable == null ? null : KeyPredicates.pinned(outer.getWhere(), outerTable, layoutOf(outerTable));
        String table = pins.get(0).table().getTableName().getIdentifier().getValue();
        if (outerPin == null) {
            return refuse(sql, "the subquery on " + table + " is pinned to one shard-key value but the outer query is not, so ShardingSphere would run "
                    + "the whole statement on that value's physical table only");
        }
        List<KeyValue> values = new ArrayList<>();
        values.add(outerPin);
        ShardLayout outerLayout = layoutOf(outerTable);
        for (Pin pin : pins) {
            if (!pin.layout().rule().sameLayoutAs(outerLayout.rule())) {
                return refuse(sql, "the subquery on " + pin.table().getTableName().getIdentifier().getValue() + " and the outer query on "
                        + outerTable.getTableName().getIdentifier().getValue() + " are sharded differently");
            }
            values.add(pin.value());
        }
        return new SameSlot(table, values, outerLayout);
    }

    private record Pin(SimpleTableSegment table, ShardLayout layout, KeyValue value) {
    }

    private static Verdict refuse(String sql, String why) {
        return new Refused("statement refused: " + why + ", and would answer wrongly without an error. Write subqueries on sharded tables "
                + "pinned to the outer query's shard-key value, correlated on the shard key (inner.key = outer.key), or as outer.key IN "
                + "(SELECT inner.key …); run other shapes where all rows are in one place (legacy, a reporting replica). "
                + "See docs/sharding.md. Statement: " + sql);
    }

    /** {@code inner.key = outer.key} among the subquery's AND-ed conditions, the tables laid out alike. */
    private boolean correlatedOnKey(SelectStatement inner, SimpleTableSegment innerTable, ShardLayout innerLayout, SimpleTableSegment outerTable) {
        ShardLayout outerLayout = layoutOf(outerTable);
        if (inner.getWhere().isEmpty() || !innerLayout.rule().sameLayoutAs(outerLayout.rule())) {
            return false;
        }
        for (AndPredicate branch : ExpressionExtractor.extractAndPredicates(inner.getWhere().get().getExpr())) {
            boolean found = false;
            for (ExpressionSegment predicate : branch.getPredicates()) {
                if (predicate instanceof BinaryOperationExpression b && b.getOperator().trim().equals("=")
                        && b.getLeft() instanceof ColumnSegment l && b.getRight() instanceof ColumnSegment r
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

    private static boolean innerKeyOuterKey(ColumnSegment innerColumn, ColumnSegment outerColumn, SimpleTableSegment innerTable, ShardLayout innerLayout,
                                            SimpleTableSegment outerTable, ShardLayout outerLayout) {
        return KeyPredicates.isKey(innerColumn, innerTable, innerLayout) && !KeyPredicates.ownedBy(outerColumn, innerTable)
                && KeyPredicates.ownedBy(outerColumn, outerTable) && KeyPredicates.isKey(outerColumn, outerTable, outerLayout);
    }

    /** {@code outer.key [NOT] IN (SELECT inner.key …)} at the top of the parent's WHERE, the tables laid out alike. */
    private boolean keyList(SelectStatement parent, SubquerySegment subquery, SelectStatement inner, SimpleTableSegment innerTable, ShardLayout innerLayout,
                            SimpleTableSegment outerTable) {
        ShardLayout outerLayout = layoutOf(outerTable);
        if (parent.getWhere().isEmpty() || !innerLayout.rule().sameLayoutAs(outerLayout.rule()) || inner.getProjections().getProjections().size() != 1) {
            return false;
        }
        ProjectionSegment projection = inner.getProjections().getProjections().iterator().next();
        if (!(projection instanceof ColumnProjectionSegment column) || !KeyPredicates.isKey(column.getColumn(), innerTable, innerLayout)) {
            return false;
        }
        for (AndPredicate branch : ExpressionExtractor.extractAndPredicates(parent.getWhere().get().getExpr())) {
            for (ExpressionSegment predicate : branch.getPredicates()) {
                if (predicate instanceof InExpression in && in.getRight() instanceof SubqueryExpressionSegment s
                        && s.getSubquery().getStartIndex() == subquery.getStartIndex()
                        && in.getLeft() instanceof ColumnSegment left && KeyPredicates.isKey(left, outerTable, outerLayout)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The SELECT whose text most closely encloses the subquery (the outer statement or another subquery). */
    private static SelectStatement parentOf(SubquerySegment subquery, SelectStatement outer, List<SubquerySegment> all) {
        SubquerySegment best = null;
        for (SubquerySegment candidate : all) {
            if (candidate != subquery && candidate.getStartIndex() < subquery.getStartIndex() && candidate.getStopIndex() > subquery.getStopIndex()
                    && (best == null || candidate.getStartIndex() > best.getStartIndex())) {
                best = candidate;
            }
        }
        return best == null || best.getSelect() == null ? outer : best.getSelect();
    }

    private static boolean insideDerivedTable(SubquerySegment subquery, TableSegment from) {
        for (SubqueryTableSegment derived : derivedTables(from, new ArrayList<>())) {
            if (subquery.getStartIndex() >= derived.getStartIndex() && subquery.getStopIndex() <= derived.getStopIndex()) {
                return true;
            }
        }
        return false;
    }

    private static List<SubqueryTableSegment> derivedTables(TableSegment from, List<SubqueryTableSegment> out) {
        if (from instanceof SubqueryTableSegment derived) {
            out.add(derived);
        } else if (from instanceof JoinTableSegment join) {
            derivedTables(join.getLeft(), out);
            derivedTables(join.getRight(), out);
        }
        return out;
    }

    private boolean readsShardedTable(TableSegment from) {
        if (from instanceof SimpleTableSegment simple) {
            return layoutOf(simple) != null;
        }
        if (from instanceof JoinTableSegment join) {
            return readsShardedTable(join.getLeft()) || readsShardedTable(join.getRight());
        }
        return false;
    }

    private ShardLayout layoutOf(SimpleTableSegment table) {
        return layouts.get(table.getTableName().getIdentifier().getValue().toLowerCase(Locale.ROOT));
    }
}
