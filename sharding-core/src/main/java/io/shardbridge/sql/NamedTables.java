package io.shardbridge.sql;

import java.util.List;

/**
 * The tables ShardingSphere's own table extractor finds in a DML statement: what its router routes by and
 * its rewriter renames. Reading them here keeps the fast path's text edits exactly the ones ShardingSphere
 * would make.
 *
 * @param rewritten  every occurrence of a table name ShardingSphere rewrites (the table and any {@code table.}
 *                   owner), in the extractor's order
 * @param context    the plain tables of the statement's table context
 * @param contextSize the size of the table context, plain tables and anything else (derived tables, joins)
 * @param joinCount  how many joins the extractor found
 */
public record NamedTables(List<TableRef> rewritten, List<TableRef> context, int contextSize, int joinCount) {
    public static final NamedTables NONE = new NamedTables(List.of(), List.of(), 0, 0);

    public NamedTables {
        rewritten = List.copyOf(rewritten);
        context = List.copyOf(context);
    }

    /** Every table named, read or written, is {@code table} (and no join), as the single-shard rules need. */
    public boolean onlyTable(String table) {
        if (joinCount != 0 || contextSize != 1 || context.size() != 1 || !context.get(0).isNamed(table)) {
            return false;
        }
        return rewritten.stream().allMatch(t -> t.isNamed(table));
    }
}
