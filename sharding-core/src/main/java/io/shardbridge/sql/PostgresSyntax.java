package io.shardbridge.sql;

import java.util.List;
import java.util.Set;

/**
 * Where things sit in a PostgreSQL statement's text, read from the parser's tokens (never by scanning the
 * text), so the migration layer's rewrites land exactly where the parser saw them, whatever blanks,
 * comments or literals surround them.
 *
 * @param end               position after the statement's last token (before a trailing {@code ;} or comment)
 * @param hasWith           the statement opens with a WITH clause
 * @param writtenName       the written table's name as written (its last part, quotes kept), or null
 * @param alias             the written table's alias in an UPDATE, DELETE or INSERT … AS alias, or null
 * @param cteNames          names the WITH clause defines (they are not tables)
 * @param cteWrites         tables written by an INSERT/UPDATE/DELETE nested in this statement: a WITH body, or the
 *                          statement a PREPARE defines
 * @param functions         functions called anywhere in the statement (last name part, lower case)
 * @param procedure         the procedure a CALL names, or null
 * @param prepared          the text of the statement a PREPARE defines, or null
 * @param copyTable         the table a COPY … FROM names, or null
 * @param conflictTarget    an INSERT's {@code ON CONFLICT (columns)} list (empty when absent)
 * @param conflictDoUpdate  the INSERT's ON CONFLICT does UPDATE
 * @param routerCasts       an INSERT's {@code CAST(x AS type)} calls, each with its {@code (x)::type} shorthand
 * @param joins             an UPDATE … FROM or DELETE … USING
 * @param relations         every table or view named anywhere in the statement (WITH names excluded)
 * @param references        how many times tables or views are named (the written table counts once per mention)
 * @param setClauses        an UPDATE's {@code column = value} clauses, each with the text range that removes it cleanly
 * @param markers           start positions of the {@code ?} parameter markers, in order (marker i is parameter i)
 */
public record PostgresSyntax(int end, boolean hasWith, String writtenName, String alias, Set<String> cteNames, Set<String> cteWrites,
                             Set<String> functions, String procedure, String prepared, String copyTable, List<String> conflictTarget,
                             boolean conflictDoUpdate, List<TextEdit> routerCasts, boolean joins,
                             Set<String> relations, int references, List<SetClause> setClauses, List<Integer> markers) {
    public PostgresSyntax {
        cteNames = Set.copyOf(cteNames);
        cteWrites = Set.copyOf(cteWrites);
        functions = Set.copyOf(functions);
        conflictTarget = List.copyOf(conflictTarget);
        routerCasts = List.copyOf(routerCasts);
        relations = Set.copyOf(relations);
        setClauses = List.copyOf(setClauses);
        markers = List.copyOf(markers);
    }

    /** Nothing read: a statement in another dialect, or one the parser could not read. */
    public static final PostgresSyntax NONE = new PostgresSyntax(-1, false, null, null, Set.of(), Set.of(), Set.of(), null, null, null, List.of(),
            false, List.of(), false, Set.of(), 0, List.of(), List.of());

    /**
     * One {@code column = value} of an UPDATE's SET list: the column (lower case), the clause's own span,
     * and the span that removes it with one neighbouring comma ({@code removeStart..removeStop}).
     */
    public record SetClause(String column, int start, int stop, int removeStart, int removeStop) {
    }

    /** How the written table is referred to in the statement: its alias, else its name as written. */
    public String reference() {
        return alias != null ? alias : writtenName;
    }

    /** Replace {@code start..stop} (inclusive; {@code stop = start - 1} inserts at {@code start}) with {@code text}. */
    public record TextEdit(int start, int stop, String text) {
    }
}
