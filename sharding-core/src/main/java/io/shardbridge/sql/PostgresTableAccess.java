package io.shardbridge.sql;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a PostgreSQL statement's tables from the parser's syntax tree rather than from ShardingSphere's
 * statement model, because the model drops what the inventory must see: in 5.5.2 the WITH clause of an
 * INSERT, UPDATE or DELETE is not visited at all (a writable CTE's DELETE vanishes), a SELECT with a
 * writable CTE fails to visit, and an UPDATE's FROM tables are missing from its extractor.
 *
 * <p>Why the answer is complete for what the grammar parses: every table a PostgreSQL statement names
 * is a {@code relationExpr} (FROM items, JOIN operands, UPDATE/DELETE targets, USING, TRUNCATE) or an
 * {@code insertTarget} / COPY's {@code qualifiedName}; the tree keeps every one of them, in every nesting
 * (subqueries, CTEs, set operations). A name is written when it is the target of an INSERT, UPDATE,
 * DELETE, TRUNCATE or COPY … FROM, at any depth; every other occurrence is a read. CTE names are not
 * tables and are removed. What it cannot see is SQL built at run time (EXECUTE in a function body).
 *
 * <p>It walks the same detached tree ({@link SqlNode}) as {@link PostgresSyntaxReader}, with the same name
 * folding ({@link SqlNames}); names are read from the tokens, as ANTLR's {@code getText()} joins them.
 */
final class PostgresTableAccess {
    private final Set<String> written = new LinkedHashSet<>();
    private final Set<String> read = new LinkedHashSet<>();
    private final Set<String> functions = new LinkedHashSet<>();
    private final Set<String> cteNames = new LinkedHashSet<>();
    private final Set<SqlNode> targets = Collections.newSetFromMap(new IdentityHashMap<>());

    private PostgresTableAccess() {
    }

    static TableAccess of(SqlNode root) {
        PostgresTableAccess walk = new PostgresTableAccess();
        walk.visit(root);
        walk.written.removeAll(walk.cteNames);
        walk.read.removeAll(walk.cteNames);
        walk.read.removeAll(walk.written);
        return new TableAccess(walk.read, walk.written, walk.functions);
    }

    private void visit(SqlNode node) {
        if (node.isToken()) {
            return;
        }
        switch (node.rule()) {
            case "Insert" -> {
                SqlNode target = node.child("InsertTarget");
                target(target == null ? null : target.child("QualifiedName"));
            }
            case "Update", "Delete" -> {
                SqlNode relation = node.child("RelationExprOptAlias");
                target(relation == null ? null : relation.child("RelationExpr"));
            }
            case "TruncateTable" -> everyName(node, written);
            case "CopyWithTableOrQuery", "CopyWithTableOrQueryBinaryCsv" -> {
                SqlNode name = node.child("QualifiedName");
                if (name != null) {
                    (node.keyword("FROM") != null ? written : read).add(SqlNames.lastPart(name.tokenText()));
                    targets.add(name);
                }
            }
            case "CopyWithTableBinary" -> everyName(node, node.keyword("FROM") != null ? written : read);
            case "CommonTableExpr" -> cteNames.add(SqlNames.fold(node.child("Alias").tokenText()));
            case "FuncApplication" -> functions.add(SqlNames.lastPart(node.child("FuncName").tokenText()));
            case "Call" -> functions.add(SqlNames.lastPart(node.child("Identifier").tokenText()));
            case "RelationExpr" -> {
                SqlNode name = node.child("QualifiedName");
                if (!targets.contains(node) && name != null) {
                    read.add(SqlNames.lastPart(name.tokenText()));
                }
            }
            default -> { }
        }
        for (SqlNode child : node.children()) {
            visit(child);
        }
    }

    private void target(SqlNode tableName) {
        if (tableName == null) {
            return;
        }
        targets.add(tableName);
        SqlNode qualified = tableName.is("RelationExpr") ? tableName.child("QualifiedName") : tableName.is("QualifiedName") ? tableName : null;
        if (qualified != null) {
            written.add(SqlNames.lastPart(qualified.tokenText()));
        }
    }

    /** Every table name under {@code node} (TRUNCATE's and binary COPY's lists), marked as handled. */
    private void everyName(SqlNode node, Set<String> into) {
        if (node.is("QualifiedName") || node.is("TableName")) {
            into.add(SqlNames.lastPart(node.tokenText()));
            targets.add(node);
            return;
        }
        if (node.is("RelationExpr") && node.child("QualifiedName") != null) {
            targets.add(node);
        }
        for (SqlNode child : node.children()) {
            everyName(child, into);
        }
    }
}
