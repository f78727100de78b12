package io.shardbridge.bridge.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A PostgreSQL lexer for looking at SQL text without the grammar: bare words, quoted identifiers, string
 * literals (standard, {@code E''} with backslash escapes, dollar-quoted), numbers, parameter markers and
 * operators, with comments skipped. Text inside a literal or a comment never becomes a word or an operator,
 * so checks built on it cannot be fooled by data that looks like SQL.
 */
public final class SqlTokens {
    /** What a token is. */
    public enum Kind { WORD, QUOTED_IDENTIFIER, STRING, ESCAPE_STRING, DOLLAR_STRING, NUMBER, PARAMETER, OPERATOR, PUNCTUATION }

    /** One token; {@code text} as written, {@code start..end} (exclusive) its place in the SQL. */
    public record Token(Kind kind, String text, int start, int end) {
        /** A bare word, upper-cased; empty for other kinds. */
        public String word() {
            return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : "";
        }

        public boolean isWord(String upper) {
            return kind == Kind.WORD && text.equalsIgnoreCase(upper);
        }

        public boolean isLiteral() {
            return kind == Kind.STRING || kind == Kind.ESCAPE_STRING || kind == Kind.DOLLAR_STRING || kind == Kind.NUMBER;
        }
    }

    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?:";

    private SqlTokens() {
    }

    public static List<Token> of(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                i = endOfBlockComment(sql, i);
            } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                i = endOfString(sql, i + 1, true);
                out.add(new Token(Kind.ESCAPE_STRING, sql.substring(start, i), start, i));
            } else if (c == '\'') {
                i = endOfString(sql, i, false);
                out.add(new Token(Kind.STRING, sql.substring(start, i), start, i));
            } else if (c == '"') {
                int close = sql.indexOf('"', i + 1);
                i = close < 0 ? n : close + 1;
                out.add(new Token(Kind.QUOTED_IDENTIFIER, sql.substring(start, i), start, i));
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
                out.add(new Token(Kind.DOLLAR_STRING, sql.substring(start, i), start, i));
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i++;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.PARAMETER, sql.substring(start, i), start, i));
            } else if (c == '?' && !(i + 1 < n && (sql.charAt(i + 1) == '|' || sql.charAt(i + 1) == '&' || sql.charAt(i + 1) == '?'))) {
                i++;
                out.add(new Token(Kind.PARAMETER, "?", start, i));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, sql.substring(start, i), start, i));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                while (i < n && OPERATOR_CHARS.indexOf(sql.charAt(i)) >= 0 && !sql.startsWith("--", i) && !sql.startsWith("/*", i)) {
                    i++;
                }
                out.add(new Token(Kind.OPERATOR, sql.substring(start, i), start, i));
            } else {
                i++;
                out.add(new Token(Kind.PUNCTUATION, String.valueOf(c), start, i));
            }
        }
        return out;
    }

    private static int endOfBlockComment(String sql, int i) {
        int depth = 0;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    private static int endOfString(String sql, int quote, boolean backslashEscapes) {
        int i = quote + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** {@code $tag$} or {@code $$} starting at {@code i}, or null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        boolean tagStartsWithDigit = j > i + 1 && Character.isDigit(sql.charAt(i + 1));
        return j < sql.length() && sql.charAt(j) == '$' && !tagStartsWithDigit ? sql.substring(i, j + 1) : null;
    }
}
