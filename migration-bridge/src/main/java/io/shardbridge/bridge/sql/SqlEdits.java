package io.shardbridge.bridge.sql;

import io.shardbridge.sql.PostgresSyntax;
import io.shardbridge.sql.PostgresSyntax.TextEdit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one way the layer changes a statement's text: replacements at positions the parser reported
 * ({@link PostgresSyntax}, {@link StatementShape#writtenTableSpan()}), all measured on the caller's
 * original text and applied together from the last to the first, so no edit shifts another. Text
 * outside the edits — literals, comments, blanks — is copied unchanged.
 */
public final class SqlEdits {
    private final String sql;
    private final List<TextEdit> edits = new ArrayList<>();

    private SqlEdits(String sql) {
        this.sql = sql;
    }

    public static SqlEdits of(String sql) {
        return new SqlEdits(sql);
    }

    public SqlEdits replace(int start, int stop, String text) {
        edits.add(new TextEdit(start, stop, text));
        return this;
    }

    public SqlEdits replace(StatementShape.Span span, String text) {
        return replace(span.start(), span.stop(), text);
    }

    public SqlEdits insert(int at, String text) {
        return replace(at, at - 1, text);
    }

    public SqlEdits all(List<TextEdit> more) {
        edits.addAll(more);
        return this;
    }

    /** The edited text; throws when two edits overlap (a bug in the caller, never silently applied). */
    public String apply() {
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(TextEdit::start).thenComparingInt(TextEdit::stop));
        StringBuilder out = new StringBuilder(sql.length() + 32);
        int copied = 0;
        for (TextEdit e : sorted) {
            if (e.start() < copied) {
                throw new IllegalStateException("overlapping edits at " + e.start() + " in: " + sql);
            }
            out.append(sql, copied, e.start()).append(e.text());
            copied = e.stop() + 1;
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** The statement without what follows its last token (a {@code ;}, blanks, a trailing comment). */
    public static String statementOnly(String sql, StatementShape shape) {
        int end = shape.syntax().end();
        return end < 0 ? sql : sql.substring(0, end);
    }

    /**
     * The statement with {@code RETURNING list} after its last token: before a trailing {@code ;} or
     * comment, so neither can swallow it.
     */
    public static String withReturning(String sql, StatementShape shape, String list) {
        int end = shape.syntax().end();
        if (end < 0) {
            throw new IllegalStateException("no statement end known for: " + sql);
        }
        return of(sql).insert(end, " RETURNING " + list).apply();
    }
}
