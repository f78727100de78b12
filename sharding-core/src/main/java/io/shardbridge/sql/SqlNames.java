package io.shardbridge.sql;

import java.util.Locale;

/** How PostgreSQL folds the names the parse-tree readers find: unquoted lower-cased, quoted as written. */
final class SqlNames {
    private SqlNames() {
    }

    /** One identifier as PostgreSQL folds it: {@code Acct} → {@code acct}, {@code "Acct"} → {@code Acct}. */
    static String fold(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** The last part of a possibly schema-qualified name, folded: {@code public.acct} → {@code acct}. */
    static String lastPart(String text) {
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
        return fold(last);
    }
}
