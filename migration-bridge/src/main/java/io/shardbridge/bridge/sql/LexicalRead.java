package io.shardbridge.bridge.sql;

import java.util.Locale;
import java.util.Set;

/**
 * Recognises a plain read without the full grammar, for statements the parser cannot read (Hibernate 6's
 * {@code like ? escape '\' … fetch first ? rows only}, vendor syntax the grammar lags behind on).
 *
 * <p>Why this is safe: it looks only at bare words, after skipping comments, string literals (standard,
 * {@code E''} with backslash escapes, dollar-quoted) and quoted identifiers, so text inside a literal cannot
 * make a write look like a read or the reverse. A statement counts as a read only when it starts with
 * {@code SELECT}, {@code WITH}, {@code VALUES} or {@code TABLE} and no bare word anywhere is a data-changing
 * keyword ({@code INSERT}, {@code UPDATE} other than a {@code FOR [NO KEY] UPDATE} lock, {@code DELETE},
 * {@code MERGE}, {@code INTO}, DDL …). It is used only where reads and writes both go to the authoritative
 * legacy side (the statement runs exactly where it would without shardbridge, and there is nothing to
 * mirror); a function with side effects called from such a SELECT is not seen by this check, as by the
 * parser it replaces.
 */
public final class LexicalRead {
    private static final Set<String> READ_STARTS = Set.of("SELECT", "WITH", "VALUES", "TABLE");
    private static final Set<String> WRITE_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "INTO", "TRUNCATE", "COPY", "CALL", "DO",
            "CREATE", "ALTER", "DROP", "GRANT", "REVOKE", "LOCK", "EXECUTE", "PREPARE", "NEXTVAL", "SETVAL", "REFRESH", "VACUUM");

    private LexicalRead() {
    }

    /** True when {@code sql} is recognisably a statement that only reads. */
    public static boolean isRead(String sql) {
        String first = null;
        String previous = null;
        String beforePrevious = null;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = endOfLine(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = endOfBlockComment(sql, i);
            } else if (c == '\'') {
                i = endOfString(sql, i, escapedString(sql, i));
            } else if (c == '"') {
                i = endOfQuoted(sql, i, '"');
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                String word = sql.substring(start, i).toUpperCase(Locale.ROOT);
                if (first == null) {
                    first = word;
                    if (!READ_STARTS.contains(word)) {
                        return false;
                    }
                }
                boolean lockClause = word.equals("UPDATE") && ("FOR".equals(previous) || ("KEY".equals(previous) && "NO".equals(beforePrevious)));
                if (WRITE_WORDS.contains(word) && !lockClause) {
                    return false;
                }
                beforePrevious = previous;
                previous = word;
            } else if (c == ';') {
                return false; // more than one statement: not a plain read
            } else {
                i++;
            }
        }
        return first != null;
    }

    private static int endOfLine(String sql, int i) {
        int end = sql.indexOf('\n', i);
        return end < 0 ? sql.length() : end + 1;
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

    /** An {@code E'…'} literal, where a backslash escapes the next character. */
    private static boolean escapedString(String sql, int quote) {
        return quote > 0 && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')
                && (quote < 2 || !Character.isLetterOrDigit(sql.charAt(quote - 2)));
    }

    private static int endOfString(String sql, int i, boolean backslashEscapes) {
        i++;
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
        return i;
    }

    private static int endOfQuoted(String sql, int i, char quote) {
        int close = sql.indexOf(quote, i + 1);
        return close < 0 ? sql.length() : close + 1;
    }

    /** {@code $tag$} or {@code $$} starting at {@code i}, or null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1))) ? sql.substring(i, j + 1) : null;
    }
}
