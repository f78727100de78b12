package io.shardbridge.sql;

/**
 * A DELETE.
 *
 * @param table the table deleted from when it is one plain table, else null (a multi-table delete)
 * @param with  it opens with a WITH clause
 * @param where its WHERE clause, or null
 */
public record DeleteFacts(TableRef table, boolean with, Where where) {
}
