package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.sql.SqlEdits;
import io.shardbridge.bridge.sql.StatementShape;

/**
 * SQL as it must reach ShardingSphere's router on PostgreSQL shards. ShardingSphere 5.5.2 re-renders an
 * INSERT's VALUES (each row may go to another physical table) from the parse tree's token text without
 * whitespace, so {@code CAST(? AS jsonb)} arrives as {@code CAST(?ASjsonb)} and fails (found by the
 * MyBatis example). The PostgreSQL shorthand {@code (?)::jsonb} means the same and has no whitespace to
 * lose, so an INSERT's single-word casts are written that way. The casts are the ones the parser found
 * ({@link io.shardbridge.sql.PostgresSyntax#routerCasts()}): text inside a string literal or a
 * comment that merely looks like a cast is never touched. Type names of more than one word
 * ({@code double precision}) are left alone: they would lose their space either way.
 */
final class RouterSql {
    private RouterSql() {
    }

    static String forRouter(String sql, StatementShape shape) {
        if (shape == null || shape.syntax().routerCasts().isEmpty()) {
            return sql;
        }
        return SqlEdits.of(sql).all(shape.syntax().routerCasts()).apply();
    }
}
