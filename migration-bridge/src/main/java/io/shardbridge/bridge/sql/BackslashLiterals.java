package io.shardbridge.bridge.sql;

import java.util.List;

/**
 * Standard string literals in which a backslash stands before a quote, rewritten as {@code E''} strings with the
 * backslash doubled ({@code escape '\'} becomes {@code escape E'\\'}), so that the router's parser, whose lexer
 * takes a backslash before a quote as an escaped quote, reads what PostgreSQL reads. Hibernate 6 sends
 * {@code like ? escape '\'} in every paged search. Other literals are left as written: the parser reads them
 * alike, and ShardingSphere re-renders an INSERT's VALUES, where an {@code E''} string would lose its prefix.
 *
 * <p>Why the value is unchanged: with {@code standard_conforming_strings = on} (PostgreSQL's default since 9.1,
 * and what pgjdbc requires) a backslash in {@code '…'} is an ordinary character, and in {@code E'…'} the pair
 * {@code \\} is one backslash; quotes doubled inside stay doubled, which {@code E''} strings read alike. Strings
 * with a prefix that gives backslashes a meaning of their own ({@code U&'…'}, {@code B'…'}, {@code X'…'}) and
 * {@code E''} strings are left as they are. Only {@link SqlTokens} string tokens are touched, never text
 * inside comments, quoted identifiers or dollar quotes.
 */
public final class BackslashLiterals {
    private BackslashLiterals() {
    }

    /** The statement with every standard string literal that holds a backslash before a quote written as an equivalent {@code E''} string. */
    public static String asEscapeStrings(String sql) {
        if (sql.indexOf('\\') < 0) {
            return sql;
        }
        List<SqlTokens.Token> tokens = SqlTokens.of(sql);
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlTokens.Token t = tokens.get(i);
            if (t.kind() != SqlTokens.Kind.STRING || !t.text().contains("\\'") || prefixed(tokens, i)) {
                continue;
            }
            out = out == null ? new StringBuilder(sql.length() + 8) : out;
            out.append(sql, copied, t.start()).append('E').append(t.text().replace("\\", "\\\\"));
            copied = t.end();
        }
        return out == null ? sql : out.append(sql, copied, sql.length()).toString();
    }

    /** A string literal glued to the token before it ({@code U&'…'}, {@code B'…'}, {@code X'…'}, {@code N'…'}). */
    private static boolean prefixed(List<SqlTokens.Token> tokens, int i) {
        if (i == 0) {
            return false;
        }
        SqlTokens.Token before = tokens.get(i - 1);
        return before.end() == tokens.get(i).start() && (before.kind() == SqlTokens.Kind.WORD || before.text().endsWith("&"));
    }
}
