package io.shardbridge.sharding.tx;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a physical statement may write, from its text, and which table it writes. Conservative: only
 * statements that cannot change rows count as reads ({@code SELECT} — row locks included —, {@code SHOW},
 * {@code SET}, {@code EXPLAIN}, {@code VALUES}); a {@code WITH} counts as a write when it names a DML
 * keyword; everything else (DML, DDL, {@code CALL}, {@code DO}, {@code COPY}) counts as a write. A read
 * counted as a write costs a refused statement or a two-phase commit; a write counted as a read could cost
 * a half-committed transaction, so the doubt goes one way.
 */
final class StatementKinds {
    private static final Pattern FIRST_WORD = Pattern.compile("^(?:\\s|\\(|/\\*.*?\\*/|--[^\\n]*\\n)*([A-Za-z]+)", Pattern.DOTALL);
    private static final Pattern DML_WORD = Pattern.compile("(?i)\\b(insert|update|delete|merge|replace)\\b");
    private static final Pattern TARGET = Pattern.compile(
            "(?i)^(?:\\s|/\\*.*?\\*/)*(?:insert\\s+(?:ignore\\s+)?into|replace\\s+into|update|delete\\s+from|merge\\s+into)\\s+([\\w.\"`]+)", Pattern.DOTALL);

    private StatementKinds() {
    }

    static boolean mayWrite(String sql) {
        if (sql == null) {
            return true;
        }
        Matcher m = FIRST_WORD.matcher(sql);
        if (!m.find()) {
            return true;
        }
        return switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "select", "show", "set", "explain", "values", "table", "begin", "start", "savepoint", "release", "commit", "rollback", "xa" -> false;
            case "with" -> DML_WORD.matcher(sql).find();
            default -> true;
        };
    }

    /** The table a DML statement writes, as written in the statement, or "?" when the text does not say plainly. */
    static String writtenTable(String sql) {
        Matcher m = sql == null ? null : TARGET.matcher(sql);
        return m != null && m.find() ? m.group(1).replace("\"", "").replace("`", "") : "?";
    }
}
