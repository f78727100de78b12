package io.shardbridge.bridge.jdbc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL as it must reach ShardingSphere's router on PostgreSQL shards. ShardingSphere 5.5.2 re-renders an
 * INSERT's VALUES (each row may go to another physical table) from the parse tree's token text without
 * whitespace, so {@code CAST(? AS jsonb)} arrives as {@code CAST(?ASjsonb)} and fails (found by the
 * MyBatis example). The PostgreSQL shorthand {@code (?)::jsonb} means the same and has no whitespace to
 * lose, so an INSERT's single-word casts are written that way. Type names of more than one word
 * ({@code double precision}) are left alone: they would lose their space either way.
 */
final class RouterSql {
    private static final Pattern INSERT = Pattern.compile("^\\s*INSERT\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CAST = Pattern.compile(
            "\\bCAST\\s*\\(\\s*(\\?|'(?:[^']|'')*'|-?[0-9.]+)\\s+AS\\s+([A-Za-z_][A-Za-z0-9_]*(?:\\s*\\(\\s*\\d+(?:\\s*,\\s*\\d+)?\\s*\\))?)\\s*\\)",
            Pattern.CASE_INSENSITIVE);

    private RouterSql() {
    }

    static String forRouter(String sql) {
        if (!INSERT.matcher(sql).find()) {
            return sql;
        }
        Matcher m = CAST.matcher(sql);
        if (!m.find()) {
            return sql;
        }
        StringBuilder out = new StringBuilder();
        do {
            m.appendReplacement(out, Matcher.quoteReplacement("(" + m.group(1) + ")::" + m.group(2).replaceAll("\\s+", "")));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
