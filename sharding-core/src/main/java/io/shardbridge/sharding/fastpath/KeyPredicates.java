package io.shardbridge.sharding.fastpath;

import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sql.ColumnRef;
import io.shardbridge.sql.SqlTerm;
import io.shardbridge.sql.SqlValue;
import io.shardbridge.sql.TableRef;
import io.shardbridge.sql.Where;
import java.util.List;

/** What a WHERE clause says about one table's shard key: the conditions the fast path and the subquery guard read. */
final class KeyPredicates {
    /** Where a shard-key value comes from: a parameter (0-based) or a literal. */
    record KeyValue(int parameter, Object literal) {
    }

    private KeyPredicates() {
    }

    /**
     * The one value a WHERE clause pins the table's key to: every OR-branch holds exactly one condition on
     * the key, {@code key = value}, the same in every branch. Null otherwise. Conditions inside subqueries
     * belong to the subquery and are not read.
     */
    static KeyValue pinned(Where where, TableRef table, ShardLayout layout) {
        if (where == null) {
            return null;
        }
        KeyValue pinned = null;
        for (List<Where.Predicate> branch : where.orBranches()) {
            KeyValue value = null;
            for (Where.Predicate predicate : branch) {
                if (!mentionsKey(predicate, table, layout)) {
                    continue;
                }
                KeyValue equality = keyEquality(predicate, table, layout);
                if (equality == null || value != null) {
                    return null; // a range, an IN list, a function of the key, or two conditions on it
                }
                value = equality;
            }
            if (value == null || (pinned != null && !pinned.equals(value))) {
                return null;
            }
            pinned = value;
        }
        return pinned;
    }

    static boolean mentionsKey(Where.Predicate predicate, TableRef table, ShardLayout layout) {
        for (ColumnRef column : predicate.columns()) {
            if (isKey(column, table, layout)) {
                return true;
            }
        }
        return false;
    }

    /** {@code key = value} or {@code value = key}, or null. */
    static KeyValue keyEquality(Where.Predicate predicate, TableRef table, ShardLayout layout) {
        Where.Comparison equals = predicate.comparison();
        if (equals == null) {
            return null;
        }
        if (equals.left() instanceof ColumnRef column && isKey(column, table, layout)) {
            return valueOf(equals.right());
        }
        if (equals.right() instanceof ColumnRef column && isKey(column, table, layout)) {
            return valueOf(equals.left());
        }
        return null;
    }

    /** The column is the table's shard key: unqualified, or qualified by the table's name or alias. */
    static boolean isKey(ColumnRef column, TableRef table, ShardLayout layout) {
        if (!column.name().equalsIgnoreCase(layout.rule().shardKey())) {
            return false;
        }
        return column.owner() == null || ownedBy(column, table);
    }

    /** The column is qualified, by the table's name or alias. */
    static boolean ownedBy(ColumnRef column, TableRef table) {
        if (column.owner() == null) {
            return false;
        }
        return column.owner().equalsIgnoreCase(table.name()) || (table.alias() != null && column.owner().equalsIgnoreCase(table.alias()));
    }

    static KeyValue valueOf(SqlTerm term) {
        if (term instanceof SqlValue.Parameter parameter) {
            return new KeyValue(parameter.index(), null);
        }
        if (term instanceof SqlValue.Literal literal && literal.value() != null) {
            return new KeyValue(-1, literal.value());
        }
        return null;
    }
}
