package io.shardbridge.sql;

import java.util.List;

/**
 * An UPDATE.
 *
 * @param table       the table updated when it is one plain table, else null
 * @param from        an UPDATE … FROM
 * @param with        it opens with a WITH clause
 * @param assignments the SET list, in order
 * @param where       its WHERE clause, or null
 */
public record UpdateFacts(TableRef table, boolean from, boolean with, List<Assignment> assignments, Where where) {
    public UpdateFacts {
        assignments = List.copyOf(assignments);
    }
}
