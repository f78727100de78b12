package io.shardbridge.bridge.sql;

import java.util.List;
import java.util.Set;

/**
 * Recognises a plain read without the full grammar, for statements the parser cannot read (Hibernate 6's
 * {@code like ? escape '\' … fetch first ? rows only}, vendor syntax the grammar lags behind on).
 *
 * <p>Why this is safe: it looks only at bare words of {@link SqlTokens}, so text inside a literal, a quoted
 * identifier or a comment cannot make a write look like a read or the reverse. A statement counts as a read
 * only when it starts with {@code SELECT}, {@code WITH}, {@code VALUES} or {@code TABLE}, is one statement, and
 * no bare word anywhere is a data-changing keyword ({@code INSERT}, {@code UPDATE} other than a
 * {@code FOR [NO KEY] UPDATE} lock, {@code DELETE}, {@code MERGE}, {@code INTO}, DDL, sequence advances …). It is
 * used only where reads and writes both go to the authoritative legacy side (the statement runs exactly where
 * it would without shardbridge, and there is nothing to mirror); a function with side effects called from such
 * a SELECT is not seen by this check, as by the parser it replaces.
 */
public final class LexicalRead {
    private static final Set<String> READ_STARTS = Set.of("SELECT", "WITH", "VALUES", "TABLE");
    private static final Set<String> WRITE_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "INTO", "TRUNCATE", "COPY", "CALL", "DO",
            "CREATE", "ALTER", "DROP", "GRANT", "REVOKE", "LOCK", "EXECUTE", "PREPARE", "NEXTVAL", "SETVAL", "REFRESH", "VACUUM");

    private LexicalRead() {
    }

    /** True when {@code sql} is recognisably one statement that only reads. */
    public static boolean isRead(String sql) {
        List<SqlTokens.Token> tokens = SqlTokens.of(sql);
        if (tokens.isEmpty() || !READ_STARTS.contains(tokens.get(0).word())) {
            return false;
        }
        for (int i = 0; i < tokens.size(); i++) {
            SqlTokens.Token token = tokens.get(i);
            if (token.text().equals(";") && i < tokens.size() - 1) {
                return false; // more than one statement
            }
            if (WRITE_WORDS.contains(token.word()) && !lockClause(tokens, i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code FOR UPDATE} or {@code FOR NO KEY UPDATE}: a row lock, not a write. */
    private static boolean lockClause(List<SqlTokens.Token> tokens, int i) {
        if (!tokens.get(i).isWord("UPDATE") || i == 0) {
            return false;
        }
        return tokens.get(i - 1).isWord("FOR") || (i >= 3 && tokens.get(i - 1).isWord("KEY") && tokens.get(i - 2).isWord("NO")
                && tokens.get(i - 3).isWord("FOR"));
    }
}
