package io.shardbridge.bridge.readiness;

import io.shardbridge.bridge.sql.SqlTokens;
import io.shardbridge.bridge.sql.SqlTokens.Token;
import io.shardbridge.config.Dialect;
import io.shardbridge.sql.ParsedStatement;
import io.shardbridge.sql.ParsedStatements;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a MySQL/MariaDB target cannot run of a statement written for PostgreSQL, or would run with another
 * meaning (DESIGN §9, §11). From LIVE on the service's own SQL runs on the shards unchanged
 * (ShardingSphere 5.5.2 does not translate), so each finding is a statement that fails, or worse, silently
 * writes something else after the flip ({@code memo || '!'} is a logical OR on MySQL and stores 0 or 1).
 *
 * <p>Two sources, both from the text itself: the tokens (so a {@code ||} inside a string literal is not a
 * finding) checked against the list of PostgreSQL constructs whose meaning differs, and MySQL's own grammar
 * (ShardingSphere's MySQL parser), which catches what the list does not name. Portable SQL yields nothing.
 */
final class MysqlPortability {
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("STRING_AGG", "string_agg() is PostgreSQL's: write GROUP_CONCAT()"),
            Map.entry("ARRAY_AGG", "array_agg() and arrays do not exist on MySQL"),
            Map.entry("GENERATE_SERIES", "generate_series() does not exist on MySQL: use a recursive CTE or a numbers table"),
            Map.entry("DATE_TRUNC", "date_trunc() does not exist on MySQL: use DATE_FORMAT() or DATE()"),
            Map.entry("TO_CHAR", "to_char() does not exist on MySQL: use DATE_FORMAT() or FORMAT()"),
            Map.entry("TO_TIMESTAMP", "to_timestamp() does not exist on MySQL: use FROM_UNIXTIME() or STR_TO_DATE()"),
            Map.entry("UNNEST", "unnest() and arrays do not exist on MySQL"),
            Map.entry("SPLIT_PART", "split_part() does not exist on MySQL: use SUBSTRING_INDEX()"),
            Map.entry("AGE", "age() does not exist on MySQL: use TIMESTAMPDIFF()"),
            Map.entry("JSONB_BUILD_OBJECT", "jsonb functions do not exist on MySQL: use JSON_OBJECT()"),
            Map.entry("JSON_BUILD_OBJECT", "json_build_object() is PostgreSQL's: write JSON_OBJECT()"),
            Map.entry("JSONB_SET", "jsonb_set() is PostgreSQL's: write JSON_SET()"),
            Map.entry("GEN_RANDOM_UUID", "gen_random_uuid() is PostgreSQL's: write UUID()"),
            Map.entry("CURRENT_SETTING", "current_setting() is PostgreSQL's"),
            Map.entry("PG_ADVISORY_XACT_LOCK", "advisory locks are PostgreSQL's: use GET_LOCK()"),
            Map.entry("PG_ADVISORY_LOCK", "advisory locks are PostgreSQL's: use GET_LOCK()"),
            Map.entry("STATEMENT_TIMESTAMP", "statement_timestamp() is PostgreSQL's"),
            Map.entry("CLOCK_TIMESTAMP", "clock_timestamp() is PostgreSQL's: write SYSDATE(6)"));

    /** Said of {@code E'…'} strings and of backslashes in standard ones alike (the layer sends the latter as the former). */
    private static final String BACKSLASH = "backslash in a string literal (or an E'…' string): an escape character on MySQL, a plain character "
            + "in PostgreSQL's standard strings; pass the value as a parameter";

    private final ParsedStatements parsed = ParsedStatements.shared();

    /** The findings for one statement, each with the construct, why, and what to write instead; empty when portable. */
    List<String> findings(String sql) {
        Set<String> out = new LinkedHashSet<>();
        List<Token> tokens = SqlTokens.of(sql);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1).word() : "";
            switch (t.kind()) {
                case OPERATOR -> operator(t.text(), out);
                case QUOTED_IDENTIFIER -> out.add("double-quoted identifier " + t.text() + ": a string on MySQL (ANSI_QUOTES off); "
                        + "use an unquoted name");
                case ESCAPE_STRING -> out.add(BACKSLASH);
                case STRING -> {
                    if (t.text().indexOf('\\') >= 0) {
                        out.add(BACKSLASH);
                    }
                }
                case WORD -> word(t, next, tokens, i, out);
                default -> { }
            }
        }
        ParsedStatement asMysql = parsed.get(Dialect.MYSQL, sql);
        if (!asMysql.parsed()) {
            if (out.isEmpty()) {
                String message = asMysql.error().replaceAll("\\s+", " ");
                out.add("MySQL's grammar cannot parse it: " + (message.length() > 160 ? message.substring(0, 160) + "…" : message));
            }
        }
        return new ArrayList<>(out);
    }

    private static void operator(String op, Set<String> out) {
        if (op.contains("||")) {
            out.add("|| : string concatenation on PostgreSQL, logical OR on MySQL (writes 0 or 1 silently); write CONCAT(a, b)");
        }
        if (op.contains("::")) {
            out.add(":: cast: PostgreSQL-only; write CAST(x AS type)");
        }
        if (op.startsWith("~") || op.equals("!~") || op.equals("!~*")) {
            out.add(op + " regular-expression match: PostgreSQL-only; write REGEXP");
        }
        if (op.equals("@>") || op.equals("<@") || op.equals("?|") || op.equals("?&")) {
            out.add(op + " containment operator: PostgreSQL-only (arrays, jsonb); use JSON_CONTAINS()");
        }
    }

    private static void word(Token t, String next, List<Token> tokens, int i, Set<String> out) {
        String w = t.word();
        switch (w) {
            case "ILIKE" -> out.add("ILIKE: PostgreSQL-only; write LOWER(a) LIKE LOWER(b)");
            case "RETURNING" -> out.add("RETURNING: not on MySQL; read the row back by key (or use getGeneratedKeys for an INSERT's key)");
            case "DISTINCT" -> {
                if (next.equals("ON")) {
                    out.add("DISTINCT ON: PostgreSQL-only; write a GROUP BY or a window function");
                }
            }
            case "ON" -> {
                if (next.equals("CONFLICT")) {
                    out.add("ON CONFLICT: PostgreSQL's upsert; MySQL's is INSERT … ON DUPLICATE KEY UPDATE");
                }
            }
            case "LIMIT" -> {
                if (next.equals("ALL")) {
                    out.add("LIMIT ALL: PostgreSQL-only; leave the LIMIT out");
                }
            }
            case "FOR" -> {
                String after = i + 2 < tokens.size() ? tokens.get(i + 2).word() : "";
                if ((next.equals("UPDATE") || next.equals("SHARE")) && after.equals("OF")) {
                    out.add("FOR " + next + " OF: locking a named table is PostgreSQL-only; write FOR " + next);
                } else if (next.equals("NO") || next.equals("KEY")) {
                    out.add("FOR NO KEY UPDATE / FOR KEY SHARE: PostgreSQL-only lock strengths; write FOR UPDATE or FOR SHARE");
                }
            }
            case "ISNULL", "NOTNULL" -> out.add(w + ": PostgreSQL's shorthand; write IS NULL / IS NOT NULL");
            default -> {
                String function = FUNCTIONS.get(w);
                if (function != null && i + 1 < tokens.size() && tokens.get(i + 1).text().equals("(")) {
                    out.add(function);
                }
            }
        }
    }
}
