package io.shardbridge.sharding.fastpath;

import io.shardbridge.sharding.ShardLayout;
import java.util.Optional;
import org.apache.shardingsphere.sql.parser.statement.core.extractor.ExpressionExtractor;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.column.ColumnSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.BinaryOperationExpression;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.ExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.simple.LiteralExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.expr.simple.ParameterMarkerExpressionSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.predicate.AndPredicate;
import org.apache.shardingsphere.sql.parser.statement.core.segment.dml.predicate.WhereSegment;
import org.apache.shardingsphere.sql.parser.statement.core.segment.generic.table.SimpleTableSegment;

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
    static KeyValue pinned(Optional<WhereSegment> where, SimpleTableSegment table, ShardLayout layout) {
        if (where.isEmpty()) {
            return null;
        }
        KeyValue pinned = null;
        for (AndPredicate branch : ExpressionExtractor.extractAndPredicates(where.get().getExpr())) {
            KeyValue value = null;
            for (ExpressionSegment predicate : branch.getPredicates()) {
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

    static boolean mentionsKey(ExpressionSegment predicate, SimpleTableSegment table, ShardLayout layout) {
        for (ColumnSegment column : ExpressionExtractor.extractColumns(predicate, false)) {
            if (isKey(column, table, layout)) {
                return true;
            }
        }
        return false;
    }

    /** {@code key = value} or {@code value = key}, or null. */
    static KeyValue keyEquality(ExpressionSegment predicate, SimpleTableSegment table, ShardLayout layout) {
        if (!(predicate instanceof BinaryOperationExpression binary) || !binary.getOperator().trim().equals("=")) {
            return null;
        }
        if (binary.getLeft() instanceof ColumnSegment column && isKey(column, table, layout)) {
            return valueOf(binary.getRight());
        }
        if (binary.getRight() instanceof ColumnSegment column && isKey(column, table, layout)) {
            return valueOf(binary.getLeft());
        }
        return null;
    }

    /** The column is the table's shard key: unqualified, or qualified by the table's name or alias. */
    static boolean isKey(ColumnSegment column, SimpleTableSegment table, ShardLayout layout) {
        if (!column.getIdentifier().getValue().equalsIgnoreCase(layout.rule().shardKey())) {
            return false;
        }
        return column.getOwner().isEmpty() || ownedBy(column, table);
    }

    /** The column is qualified, by the table's name or alias. */
    static boolean ownedBy(ColumnSegment column, SimpleTableSegment table) {
        if (column.getOwner().isEmpty()) {
            return false;
        }
        String owner = column.getOwner().get().getIdentifier().getValue();
        return owner.equalsIgnoreCase(table.getTableName().getIdentifier().getValue())
                || table.getAliasName().map(owner::equalsIgnoreCase).orElse(false);
    }

    static KeyValue valueOf(ExpressionSegment expression) {
        if (expression instanceof ParameterMarkerExpressionSegment marker) {
            return new KeyValue(marker.getParameterMarkerIndex(), null);
        }
        if (expression instanceof LiteralExpressionSegment literal && literal.getLiterals() != null) {
            return new KeyValue(-1, literal.getLiterals());
        }
        return null;
    }
}
