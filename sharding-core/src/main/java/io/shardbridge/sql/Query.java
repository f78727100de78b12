package io.shardbridge.sql;

import java.util.List;

/**
 * A SELECT: the outer statement, or a subquery inside one.
 *
 * @param from            what its FROM names, or null when it has none
 * @param where           its WHERE clause, or null
 * @param combined        a UNION/INTERSECT/EXCEPT follows
 * @param with            it opens with a WITH clause
 * @param projectionCount how many items the select list has
 * @param firstColumn     the first select-list item when it is a plain column, or null
 * @param subqueries      for the outer statement: every subquery below it, nested ones included, in the
 *                        order ShardingSphere's extractor lists them; empty for a subquery's own model
 * @param subqueriesRead  false when the subqueries could not be listed (the checks that need them then decline)
 */
public record Query(From from, Where where, boolean combined, boolean with, int projectionCount, ColumnRef firstColumn,
                    List<Subquery> subqueries, boolean subqueriesRead) {
    public Query {
        subqueries = List.copyOf(subqueries);
    }

    /** The table FROM names when it names exactly one table and nothing else, or null. */
    public TableRef singleTable() {
        return from instanceof From.Table t ? t.table() : null;
    }

    /** What a FROM clause names. */
    public sealed interface From {
        /** One table. */
        record Table(TableRef table) implements From {
        }

        /** A join of two FROM items. */
        record Join(From left, From right) implements From {
        }

        /** A subquery in FROM (a derived table), spanning {@code start..stop}. */
        record Derived(int start, int stop) implements From {
        }

        /** Anything else (a table function, VALUES …). */
        record Other() implements From {
        }
    }

    /**
     * A subquery of the outer statement.
     *
     * @param start  position of its first character (its opening parenthesis)
     * @param stop   position of its last character (inclusive)
     * @param select its SELECT, or null when the parser gives none
     */
    public record Subquery(int start, int stop, Query select) {
    }
}
