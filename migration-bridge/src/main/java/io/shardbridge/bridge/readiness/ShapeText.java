package io.shardbridge.bridge.readiness;

import io.shardbridge.bridge.sql.SqlTokens;
import java.util.List;
import java.util.Locale;

/**
 * A statement's shape for the census: its tokens with every literal and parameter marker folded to
 * {@code ?}, lists of them ({@code IN (1, 2, 3)}, multi-row VALUES) folded to one {@code ?…}, bare words
 * lower-cased and whitespace and comments dropped. Two texts that differ only in values are one shape, so
 * a service that inlines its literals still yields a few hundred shapes, not millions.
 */
final class ShapeText {
    private ShapeText() {
    }

    static String of(String sql) {
        List<SqlTokens.Token> tokens = SqlTokens.of(sql);
        StringBuilder out = new StringBuilder();
        String previous = "";
        for (int i = 0; i < tokens.size(); i++) {
            SqlTokens.Token t = tokens.get(i);
            String text = t.isLiteral() || t.kind() == SqlTokens.Kind.PARAMETER ? "?"
                    : t.kind() == SqlTokens.Kind.WORD ? t.text().toLowerCase(Locale.ROOT) : t.text();
            if (text.equals("?") && (previous.equals("?") || previous.equals("?…"))) {
                continue; // folded into the list's marker
            }
            if (text.equals(",") && (previous.equals("?") || previous.equals("?…")) && i + 1 < tokens.size() && isValue(tokens.get(i + 1))) {
                if (previous.equals("?")) {
                    out.setLength(out.length() - 1);
                    out.append("?…");
                    previous = "?…";
                }
                continue;
            }
            if (text.equals(")") && (previous.equals("?…") || previous.equals("?")) && i + 2 < tokens.size() && tokens.get(i + 1).text().equals(",")
                    && tokens.get(i + 2).text().equals("(")) {
                // a further VALUES row: (?…), (?…) → one row
                int close = i + 2;
                int depth = 0;
                for (int j = i + 2; j < tokens.size(); j++) {
                    String s = tokens.get(j).text();
                    depth += s.equals("(") ? 1 : s.equals(")") ? -1 : 0;
                    if (depth == 0) {
                        close = j;
                        break;
                    }
                }
                if (onlyValues(tokens, i + 3, close)) {
                    i = close - 1;
                    continue;
                }
            }
            if (out.length() > 0 && needsSpace(previous, text)) {
                out.append(' ');
            }
            out.append(text);
            previous = text;
        }
        return out.toString();
    }

    private static boolean isValue(SqlTokens.Token t) {
        return t.isLiteral() || t.kind() == SqlTokens.Kind.PARAMETER;
    }

    private static boolean onlyValues(List<SqlTokens.Token> tokens, int from, int to) {
        for (int j = from; j < to; j++) {
            SqlTokens.Token t = tokens.get(j);
            if (!isValue(t) && !t.text().equals(",")) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean needsSpace(String previous, String text) {
        return !(previous.equals("(") || previous.equals(".") || text.equals(")") || text.equals(",") || text.equals(".") || text.equals("(")
                && !previous.isEmpty() && Character.isLetterOrDigit(previous.charAt(previous.length() - 1)));
    }
}
