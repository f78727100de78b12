package io.shardbridge.inventory;

import io.shardbridge.config.Dialect;
import io.shardbridge.sql.ParsedStatements;
import io.shardbridge.sql.TableAccess;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tables a PL/pgSQL or SQL function body reads and writes. The body is cut into its statements at
 * top-level semicolons (quotes, dollar quotes and comments respected); in each piece the embedded SQL
 * starts at a statement keyword ({@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code SELECT},
 * {@code WITH}, {@code TRUNCATE}; {@code PERFORM} is PL/pgSQL for SELECT) after the control words
 * ({@code IF … THEN}, {@code LOOP}, {@code RETURN QUERY}); each candidate is parsed with the project's
 * one parser, and the first that parses covers the rest of its piece. {@code EXECUTE} of a built string
 * cannot be seen; the function's notes say so.
 */
final class FunctionBodies {
    private static final Set<String> STARTS = Set.of("insert", "update", "delete", "select", "with", "truncate", "perform");

    /** @param notes what the analysis could not see */
    record Access(Set<String> reads, Set<String> writes, Set<String> calls, List<String> notes) {
        /** Overloads of one name: what any of them touches. */
        Access union(Access other) {
            Set<String> w = new LinkedHashSet<>(writes);
            w.addAll(other.writes);
            Set<String> r = new LinkedHashSet<>(reads);
            r.addAll(other.reads);
            r.removeAll(w);
            Set<String> c = new LinkedHashSet<>(calls);
            c.addAll(other.calls);
            List<String> n = new ArrayList<>(notes);
            n.addAll(other.notes);
            return new Access(r, w, c, n);
        }
    }

    private FunctionBodies() {
    }

    static Access analyse(ParsedStatements parser, String body) {
        Set<String> reads = new LinkedHashSet<>();
        Set<String> writes = new LinkedHashSet<>();
        Set<String> calls = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        for (String piece : statements(body)) {
            List<Integer> starts = keywordStarts(piece);
            if (containsWord(piece, "execute")) {
                notes.add("runs dynamic SQL (EXECUTE), which the inventory cannot see: " + abbreviate(piece));
            }
            boolean parsed = false;
            String firstError = null;
            for (int start : starts) {
                String word = word(piece, start);
                if (!STARTS.contains(word)) {
                    continue;
                }
                String sql = word.equals("perform") ? "SELECT" + piece.substring(start + word.length()) : piece.substring(start);
                try {
                    TableAccess access = parser.get(Dialect.POSTGRESQL, sql).tableAccess();
                    reads.addAll(access.read());
                    writes.addAll(access.written());
                    calls.addAll(access.functions());
                    parsed = true;
                    break;
                } catch (RuntimeException e) {
                    firstError = firstError == null ? String.valueOf(e.getMessage()).lines().findFirst().orElse("") : firstError;
                }
            }
            if (!parsed && firstError != null) {
                notes.add("could not parse " + abbreviate(piece) + ": " + firstError);
            }
        }
        reads.removeAll(writes);
        return new Access(reads, writes, calls, notes);
    }

    /** The body cut at top-level semicolons. */
    static List<String> statements(String body) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int skip = skipQuoted(body, i);
            if (skip > i) {
                current.append(body, i, skip);
                i = skip;
                continue;
            }
            char c = body.charAt(i);
            if (c == ';') {
                add(out, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
            i++;
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder piece) {
        String s = piece.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** Where the quoted text, dollar-quoted text or comment starting at {@code i} ends, or {@code i} when none starts there. */
    private static int skipQuoted(String s, int i) {
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
        if (c == '-' && s.startsWith("--", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end + 1;
        }
        if (c == '/' && s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        if (c == '$') {
            int j = i + 1;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                j++;
            }
            if (j < s.length() && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))) {
                String tag = s.substring(i, j + 1);
                int end = s.indexOf(tag, j + 1);
                return end < 0 ? s.length() : end + tag.length();
            }
        }
        return i;
    }

    /** Start offsets of the words of {@code piece} outside quotes and comments. */
    private static List<Integer> keywordStarts(String piece) {
        List<Integer> out = new ArrayList<>();
        int i = 0;
        while (i < piece.length()) {
            int skip = skipQuoted(piece, i);
            if (skip > i) {
                i = skip;
                continue;
            }
            if (Character.isLetter(piece.charAt(i)) && (i == 0 || !isWordChar(piece.charAt(i - 1)))) {
                out.add(i);
                while (i < piece.length() && isWordChar(piece.charAt(i))) {
                    i++;
                }
                continue;
            }
            i++;
        }
        return out;
    }

    private static boolean containsWord(String piece, String word) {
        return keywordStarts(piece).stream().anyMatch(i -> word(piece, i).equals(word));
    }

    private static String word(String s, int start) {
        int end = start;
        while (end < s.length() && isWordChar(s.charAt(end))) {
            end++;
        }
        return s.substring(start, end).toLowerCase(Locale.ROOT);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 80 ? one.substring(0, 77) + "…" : one;
    }
}
