package io.shardbridge.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@link PostgresSyntax} off ShardingSphere's PostgreSQL parse tree ({@link SqlNode}): the positions and
 * names the migration layer's rewrites and write checks use. {@link PostgresTableAccess} reads the same tree
 * for the tables a statement reads and writes; both share {@link SqlNames}' name folding.
 */
final class PostgresSyntaxReader {
    private PostgresSyntaxReader() {
    }

    static PostgresSyntax read(SqlNode root, String sql) {
        SqlNode statement = root;
        while (!statement.isToken() && statement.children().size() == 1 && !statement.children().get(0).isToken()
                && !isStatement(statement)) {
            statement = statement.children().get(0);
        }
        String writtenName = null;
        String alias = null;
        SqlNode relation = statement.child("RelationExprOptAlias");
        if (relation != null && (statement.is("Update") || statement.is("Delete"))) {
            SqlNode name = relation.find("QualifiedName");
            writtenName = name == null ? null : lastPart(name, sql);
            SqlNode aliasNode = relation.child("ColId");
            alias = aliasNode == null ? null : aliasNode.text(sql);
        } else if (statement.is("Insert")) {
            SqlNode target = statement.child("InsertTarget");
            SqlNode name = target == null ? null : target.child("QualifiedName");
            writtenName = name == null ? null : lastPart(name, sql);
            SqlNode aliasNode = target == null ? null : target.child("ColId"); // INSERT INTO t AS alias
            alias = aliasNode == null ? null : aliasNode.text(sql);
        }
        Set<String> cteNames = new LinkedHashSet<>();
        Set<String> cteWrites = new LinkedHashSet<>();
        SqlNode with = statement.child("WithClause");
        if (with == null) {
            SqlNode select = statement.find("SelectNoParens");
            with = select != null && select.start() == statement.start() ? select.child("WithClause") : null;
        }
        for (SqlNode cte : root.findAll("CommonTableExpr")) {
            SqlNode name = cte.child("Alias");
            if (name != null) {
                cteNames.add(name.identifier(sql));
            }
            SqlNode body = cte.child("PreparableStmt");
            if (body != null) {
                for (SqlNode write : body.children()) {
                    writtenTables(write, sql, cteWrites);
                }
            }
        }
        Set<String> functions = new LinkedHashSet<>();
        for (SqlNode function : root.findAll("FuncName")) {
            functions.add(lastPart(function, sql));
        }
        String procedure = null;
        if (statement.is("Call")) {
            SqlNode name = statement.children().size() > 1 ? statement.children().get(1) : null;
            procedure = name == null ? null : lastPart(name, sql);
        }
        String prepared = null;
        if (statement.is("Prepare")) {
            SqlNode body = statement.child("PreparableStmt");
            prepared = body == null ? null : body.text(sql);
            if (body != null) {
                for (SqlNode write : body.children()) {
                    writtenTables(write, sql, cteWrites);
                }
            }
        }
        String copyTable = null;
        SqlNode copy = statement.is("Copy") ? statement.find("CopyWithTableOrQuery") : null;
        if (copy != null && copy.keyword("FROM") != null && copy.child("QualifiedName") != null) {
            copyTable = lastPart(copy.child("QualifiedName"), sql);
        }
        List<String> conflictTarget = new ArrayList<>();
        boolean doUpdate = false;
        SqlNode conflict = statement.child("OptOnConflict");
        if (conflict != null) {
            SqlNode target = conflict.child("OptConfExpr");
            if (target != null) {
                for (SqlNode element : target.findAll("IndexElem")) {
                    conflictTarget.add(element.firstToken().text(sql).replace("\"", "").toLowerCase(java.util.Locale.ROOT));
                }
            }
            doUpdate = conflict.keyword("UPDATE") != null;
        }
        List<PostgresSyntax.TextEdit> casts = new ArrayList<>();
        if (statement.is("Insert")) {
            for (SqlNode values : statement.findAll("ValuesClause")) {
                for (SqlNode call : values.findAll("FunctionExprCommonSubexpr")) {
                    PostgresSyntax.TextEdit edit = shorthandCast(call, sql);
                    if (edit != null) {
                        casts.add(edit);
                    }
                }
            }
        }
        boolean joins = (statement.is("Delete") && statement.child("UsingClause") != null)
                || (statement.is("Update") && statement.child("FromClause") != null);
        Set<String> relations = new LinkedHashSet<>();
        int references = 0;
        for (SqlNode relationExpr : root.findAll("RelationExpr")) {
            SqlNode name = relationExpr.find("QualifiedName");
            if (name != null && !cteNames.contains(lastPart(name, sql))) {
                relations.add(lastPart(name, sql));
                references++;
            }
        }
        for (SqlNode target : root.findAll("InsertTarget")) {
            SqlNode name = target.find("QualifiedName");
            if (name != null) {
                relations.add(lastPart(name, sql));
            }
        }
        relations.removeAll(cteNames);
        List<PostgresSyntax.SetClause> setClauses = new ArrayList<>();
        SqlNode setList = statement.is("Update") ? statement.child("SetClauseList") : null;
        if (setList != null) {
            List<SqlNode> parts = new ArrayList<>();
            flatten(setList, parts);
            for (int i = 0; i < parts.size(); i++) {
                SqlNode clause = parts.get(i);
                SqlNode target = clause.isToken() ? null : clause.child("SetTarget");
                if (target == null) {
                    continue;
                }
                int removeStart = clause.start();
                int removeStop = clause.stop();
                if (i + 2 < parts.size()) {
                    removeStop = parts.get(i + 2).start() - 1; // the clause, its comma and the blanks before the next clause
                } else if (i >= 2) {
                    removeStart = parts.get(i - 2).stop() + 1; // the blanks and comma after the previous clause, and the clause
                }
                setClauses.add(new PostgresSyntax.SetClause(target.firstToken().identifier(sql), clause.start(), clause.stop(), removeStart,
                        removeStop));
            }
        }
        List<Integer> markers = new ArrayList<>();
        for (SqlNode marker : root.findAll("ParameterMarker")) {
            if ("?".equals(marker.firstToken().token())) {
                markers.add(marker.start());
            }
        }
        return new PostgresSyntax(statement.stop() + 1, with != null, writtenName, alias, cteNames, cteWrites, functions, procedure, prepared,
                copyTable, conflictTarget, doUpdate, casts, joins, relations, references, setClauses, markers);
    }

    /** A left-recursive list ({@code list: list ',' item | item}) as its items and commas, in order. */
    private static void flatten(SqlNode list, List<SqlNode> out) {
        for (SqlNode c : list.children()) {
            if (c.is(list.rule())) {
                flatten(c, out);
            } else {
                out.add(c);
            }
        }
    }

    private static boolean isStatement(SqlNode node) {
        return switch (node.rule()) {
            case "Insert", "Update", "Delete", "Select", "Call", "Prepare", "Copy", "Execute" -> true;
            default -> false;
        };
    }

    private static void writtenTables(SqlNode write, String sql, Set<String> out) {
        SqlNode target = write.is("Insert") ? write.child("InsertTarget") : (write.is("Update") || write.is("Delete"))
                ? write.child("RelationExprOptAlias") : null;
        SqlNode name = target == null ? null : target.find("QualifiedName");
        if (name != null) {
            out.add(lastPart(name, sql));
        }
    }

    /** The last part of a dotted name ({@code public.acct} → {@code acct}), folded as PostgreSQL folds it. */
    private static String lastPart(SqlNode qualified, String sql) {
        SqlNode last = null;
        for (SqlNode attr : qualified.findAll("AttrName")) {
            last = attr;
        }
        return last != null ? last.identifier(sql) : qualified.children().isEmpty() ? qualified.identifier(sql)
                : qualified.children().get(0).identifier(sql);
    }

    /**
     * {@code CAST(x AS type)} → {@code (x)::type} when the type is one word (with an optional
     * {@code (n[, m])}): ShardingSphere re-renders an INSERT's VALUES from token text without the blanks,
     * and the shorthand has none to lose. Multi-word types are left as written.
     */
    private static boolean covers(SqlNode whole, SqlNode part) {
        return part != null && part.start() == whole.start() && part.stop() == whole.stop();
    }

    private static PostgresSyntax.TextEdit shorthandCast(SqlNode call, String sql) {
        List<SqlNode> parts = call.children();
        if (parts.size() != 6 || !parts.get(0).isToken() || !parts.get(0).token().equalsIgnoreCase("CAST")) {
            return null;
        }
        SqlNode value = parts.get(2);
        SqlNode type = parts.get(4);
        String typeText = type.text(sql).strip();
        int modifier = typeText.indexOf('(');
        String typeName = (modifier < 0 ? typeText : typeText.substring(0, modifier)).strip();
        String compact = typeText.replaceAll("\\s+", "");
        if (!typeName.matches("[A-Za-z_][A-Za-z0-9_]*") || !compact.matches("[A-Za-z_][A-Za-z0-9_]*(\\(\\d+(,\\d+)?\\))?")) {
            return null;
        }
        if (!covers(value, value.find("ParameterMarker")) && !covers(value, value.find("AexprConst"))
                && !value.text(sql).matches("-\\s*[0-9.]+")) {
            return null;
        }
        return new PostgresSyntax.TextEdit(call.start(), call.stop(), "(" + value.text(sql) + ")::" + compact);
    }
}
