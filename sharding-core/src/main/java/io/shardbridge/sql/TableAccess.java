package io.shardbridge.sql;

import java.util.Set;

/**
 * The tables one statement reads and the tables it writes, and the functions it calls (whose own reads
 * and writes the caller looks up in the catalog). Names are bare table names: lower case unless quoted.
 *
 * @param read      tables read and not written by this statement (FROM, JOIN, subqueries, USING, INSERT … SELECT sources)
 * @param written   tables the statement inserts into, updates, deletes from, truncates or copies into — the outer
 *                  statement's and every writable CTE's
 * @param functions functions and procedures called ({@code SELECT f(…)}, {@code CALL p(…)}), lower case
 */
public record TableAccess(Set<String> read, Set<String> written, Set<String> functions) {
    public TableAccess {
        read = Set.copyOf(read);
        written = Set.copyOf(written);
        functions = Set.copyOf(functions);
    }

    /** Every table the statement names, read or written. */
    public Set<String> tables() {
        java.util.Set<String> all = new java.util.TreeSet<>(read);
        all.addAll(written);
        return all;
    }
}
