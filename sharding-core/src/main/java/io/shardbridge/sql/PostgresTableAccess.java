package io.shardbridge.sql;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.CallContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.CommonTableExprContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.CopyWithTableBinaryContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.CopyWithTableOrQueryBinaryCsvContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.CopyWithTableOrQueryContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.DeleteContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.FuncApplicationContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.InsertContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.QualifiedNameContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.RelationExprContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.TableNameContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.TruncateTableContext;
import org.apache.shardingsphere.sql.parser.autogen.PostgreSQLStatementParser.UpdateContext;

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
 */
final class PostgresTableAccess {
    private final Set<String> written = new LinkedHashSet<>();
    private final Set<String> read = new LinkedHashSet<>();
    private final Set<String> functions = new LinkedHashSet<>();
    private final Set<String> cteNames = new LinkedHashSet<>();
    private final Set<ParseTree> targets = Collections.newSetFromMap(new IdentityHashMap<>());

    private PostgresTableAccess() {
    }

    static TableAccess of(ParseTree root) {
        PostgresTableAccess walk = new PostgresTableAccess();
        walk.visit(root);
        walk.written.removeAll(walk.cteNames);
        walk.read.removeAll(walk.cteNames);
        walk.read.removeAll(walk.written);
        return new TableAccess(walk.read, walk.written, walk.functions);
    }

    private void visit(ParseTree node) {
        if (node instanceof InsertContext insert) {
            target(insert.insertTarget().qualifiedName());
        } else if (node instanceof UpdateContext update) {
            target(update.relationExprOptAlias().relationExpr());
        } else if (node instanceof DeleteContext delete) {
            target(delete.relationExprOptAlias().relationExpr());
        } else if (node instanceof TruncateTableContext truncate) {
            everyName(truncate, written);
        } else if (node instanceof CopyWithTableOrQueryContext copy && copy.qualifiedName() != null) {
            (copy.FROM() != null ? written : read).add(name(copy.qualifiedName()));
            targets.add(copy.qualifiedName());
        } else if (node instanceof CopyWithTableOrQueryBinaryCsvContext copy && copy.qualifiedName() != null) {
            (copy.FROM() != null ? written : read).add(name(copy.qualifiedName()));
            targets.add(copy.qualifiedName());
        } else if (node instanceof CopyWithTableBinaryContext copy) {
            everyName(copy, copy.FROM() != null ? written : read);
        } else if (node instanceof CommonTableExprContext cte) {
            cteNames.add(identifier(cte.alias().getText()));
        } else if (node instanceof FuncApplicationContext call) {
            functions.add(name(call.funcName().getText()));
        } else if (node instanceof CallContext call) {
            functions.add(name(call.identifier().getText()));
        } else if (node instanceof RelationExprContext relation && !targets.contains(relation) && relation.qualifiedName() != null) {
            read.add(name(relation.qualifiedName()));
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            visit(node.getChild(i));
        }
    }

    private void target(ParserRuleContext tableName) {
        if (tableName == null) {
            return;
        }
        targets.add(tableName);
        QualifiedNameContext qualified = tableName instanceof RelationExprContext relation ? relation.qualifiedName()
                : tableName instanceof QualifiedNameContext q ? q : null;
        if (qualified != null) {
            written.add(name(qualified));
        }
    }

    /** Every table name under {@code node} (TRUNCATE's and binary COPY's lists), marked as handled. */
    private void everyName(ParseTree node, Set<String> into) {
        if (node instanceof QualifiedNameContext || node instanceof TableNameContext) {
            into.add(name(node.getText()));
            targets.add(node);
            return;
        }
        if (node instanceof RelationExprContext relation && relation.qualifiedName() != null) {
            targets.add(relation);
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            everyName(node.getChild(i), into);
        }
    }

    private static String name(QualifiedNameContext qualified) {
        return name(qualified.getText());
    }

    /** The last part of a possibly schema-qualified name: {@code public.acct} → {@code acct}. */
    static String name(String text) {
        String last = text;
        boolean quoted = false;
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                last = text.substring(i + 1);
                break;
            }
        }
        return identifier(last);
    }

    private static String identifier(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        return text.toLowerCase(Locale.ROOT);
    }
}
