package io.shardbridge.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of ShardingSphere's parse tree, detached from ANTLR: a grammar rule (its name, e.g.
 * {@code Update}, {@code RelationExprOptAlias}, {@code CommonTableExpr}) with its children, or a token
 * ({@code rule} null, {@code token} its text). {@code start..stop} are inclusive character positions in
 * the SQL text, so edits made at these positions never touch string literals, quoted names or comments.
 */
record SqlNode(String rule, String token, int start, int stop, List<SqlNode> children) {
    public SqlNode {
        children = List.copyOf(children);
    }

    public boolean isToken() {
        return rule == null;
    }

    public boolean is(String ruleName) {
        return ruleName.equals(rule);
    }

    /** The first child of the rule, or null. */
    public SqlNode child(String ruleName) {
        for (SqlNode c : children) {
            if (c.is(ruleName)) {
                return c;
            }
        }
        return null;
    }

    /** The first direct child token with this text (case-insensitive), or null. */
    public SqlNode keyword(String text) {
        for (SqlNode c : children) {
            if (c.isToken() && c.token.equalsIgnoreCase(text)) {
                return c;
            }
        }
        return null;
    }

    /** Every node of the rule below this one, in text order, not looking inside the matches. */
    public List<SqlNode> findAll(String ruleName) {
        List<SqlNode> out = new ArrayList<>();
        for (SqlNode c : children) {
            if (c.is(ruleName)) {
                out.add(c);
            } else {
                out.addAll(c.findAll(ruleName));
            }
        }
        return out;
    }

    /** The first node of the rule at or below this one (depth first), or null. */
    public SqlNode find(String ruleName) {
        if (is(ruleName)) {
            return this;
        }
        for (SqlNode c : children) {
            SqlNode found = c.find(ruleName);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** The first token at or below this node, or null. */
    public SqlNode firstToken() {
        if (isToken()) {
            return this;
        }
        for (SqlNode c : children) {
            SqlNode t = c.firstToken();
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** The node's text in {@code sql}. */
    public String text(String sql) {
        return start > stop ? "" : sql.substring(start, stop + 1);
    }

    /** An identifier's name as PostgreSQL folds it: unquoted lower-cased, quoted as written. */
    public String identifier(String sql) {
        return SqlNames.fold(text(sql));
    }

    /** The node's tokens joined without what lies between them (blanks, comments), as ANTLR's {@code getText()}. */
    public String tokenText() {
        if (isToken()) {
            return token;
        }
        StringBuilder out = new StringBuilder();
        for (SqlNode c : children) {
            out.append(c.tokenText());
        }
        return out.toString();
    }
}
