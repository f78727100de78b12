package io.shardbridge.bridge.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds a top-level {@code RETURNING} list in PostgreSQL DML text. ShardingSphere's PostgreSQL visitor
 * records RETURNING for INSERT only, and key capture must know it for UPDATE and DELETE too, so this
 * scans the text itself: outside string literals, quoted identifiers, dollar quotes, comments and
 * parentheses.
 */
final class ReturningClause {
    private ReturningClause() {
    }

    /** The RETURNING items, lower case ({@code *} for a star, {@code ?text} for an expression); empty when absent. */
    static List<String> items(String sql) {
        int at = find(sql);
        if (at < 0) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : splitTopLevel(sql.substring(at + "RETURNING".length()))) {
            items.add(itemName(item.trim()));
        }
        return items;
    }

    /** Sees each character of the text that is outside literals, quoted names, comments and parentheses. */
    @FunctionalInterface
    private interface TopLevelVisitor {
        /** False to stop the scan. */
        boolean visit(int index, char c);
    }

    private static void scanTopLevel(String sql, TopLevelVisitor visitor) {
        int depth = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            int skip = skipQuotedOrComment(sql, i);
            if (skip > i) {
                i = skip - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && !visitor.visit(i, c)) {
                return;
            }
        }
    }

    /** Index of the top-level RETURNING keyword, or -1. */
    static int find(String sql) {
        int[] found = {-1};
        scanTopLevel(sql, (i, c) -> {
            if ((c == 'r' || c == 'R') && sql.regionMatches(true, i, "RETURNING", 0, 9)
                    && (i == 0 || !isWordChar(sql.charAt(i - 1))) && (i + 9 == sql.length() || !isWordChar(sql.charAt(i + 9)))) {
                found[0] = i;
            }
            return true;
        });
        return found[0];
    }

    private static List<String> splitTopLevel(String list) {
        List<String> out = new ArrayList<>();
        int[] start = {0};
        boolean[] ended = {false};
        scanTopLevel(list, (i, c) -> {
            if (c == ',' || c == ';') {
                out.add(list.substring(start[0], i));
                start[0] = i + 1;
                ended[0] = c == ';';
                return !ended[0];
            }
            return true;
        });
        if (!ended[0]) {
            out.add(list.substring(start[0]));
        }
        return out;
    }

    private static String itemName(String item) {
        if (item.equals("*") || item.endsWith(".*")) {
            return "*";
        }
        String bare = item.replaceAll("(?i)\\s+(as\\s+)?\"?[a-z_][a-z0-9_$]*\"?$", "").trim();
        String column = bare.contains(".") ? bare.substring(bare.lastIndexOf('.') + 1) : bare;
        if (column.matches("\"[^\"]+\"")) {
            return column.substring(1, column.length() - 1);
        }
        if (column.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
            return column.toLowerCase(Locale.ROOT);
        }
        return "?" + item;
    }

    /** If a literal, quoted identifier, dollar quote or comment starts at {@code i}, the index after it; else {@code i}. */
    static int skipQuotedOrComment(String s, int i) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (j < s.length()) {
                if (s.charAt(j) == c) {
                    if (j + 1 < s.length() && s.charAt(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return s.length();
        }
        if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end + 1;
        }
        if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        if (c == '$') {
            int tagEnd = s.indexOf('$', i + 1);
            if (tagEnd > i && s.substring(i + 1, tagEnd).matches("[A-Za-z_]*")) {
                String tag = s.substring(i, tagEnd + 1);
                int end = s.indexOf(tag, tagEnd + 1);
                return end < 0 ? s.length() : end + tag.length();
            }
        }
        return i;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
