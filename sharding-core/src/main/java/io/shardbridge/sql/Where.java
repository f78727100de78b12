package io.shardbridge.sql;

import java.util.List;

/**
 * A WHERE clause as the routing checks read it.
 *
 * @param start         position of the clause's first character (its WHERE keyword, on most statements)
 * @param stop          position of its last character (inclusive)
 * @param orBranches    the condition in disjunctive form: each branch is the predicates AND-ed together
 *                      (ShardingSphere's {@code AndPredicate}s; conditions inside subqueries are not split)
 * @param andEqualities {@code column = value} conditions (column on the left) AND-ed at the top of the clause,
 *                      in text order, outside any OR
 */
public record Where(int start, int stop, List<List<Predicate>> orBranches, List<Equality> andEqualities) {
    public Where {
        orBranches = orBranches.stream().map(List::copyOf).toList();
        andEqualities = List.copyOf(andEqualities);
    }

    /**
     * One predicate of a branch.
     *
     * @param columns     every column it mentions, outside subqueries
     * @param comparison  a {@code left = right} comparison, or null for any other predicate
     * @param inSubquery  a {@code left [NOT] IN (SELECT …)}, or null
     */
    public record Predicate(List<ColumnRef> columns, Comparison comparison, InSubquery inSubquery) {
        public Predicate {
            columns = List.copyOf(columns);
        }
    }

    /** {@code left = right}. */
    public record Comparison(SqlTerm left, SqlTerm right) {
    }

    /** {@code left IN (subquery)}: the subquery is the one whose text starts at {@code subqueryStart}. */
    public record InSubquery(SqlTerm left, int subqueryStart) {
    }

    /** {@code column = value}. */
    public record Equality(ColumnRef column, SqlValue value) {
    }
}
