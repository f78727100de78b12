package io.shardbridge.planbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each {@code ?} of a replayed statement stands for, read from the text around it: the column it is
 * compared with or assigned to ({@code col = ?}, {@code col IN (?, …)}, {@code col BETWEEN ? AND ?},
 * {@code SET col = ?}, an INSERT's column list), or a row count ({@code LIMIT ?}, {@code OFFSET ?}).
 * Anything else is unknown and bound as NULL; the report counts such statements.
 */
final class Parameters {
    /** The role of one marker. */
    record Marker(String column, boolean inserted, Long constant) {
        boolean known() {
            return column != null || constant != null;
        }
    }

    private static final Pattern COMPARED = Pattern.compile("(?i)(?:\"?(\\w+)\"?\\.)?\"?(\\w+)\"?\\s*(?:=|<>|!=|<=|>=|<|>|\\bLIKE)\\s*$");
    private static final Pattern IN_LIST = Pattern.compile("(?i)\"?(\\w+)\"?\\s+(?:NOT\\s+)?IN\\s*\\([^()]*$");
    private static final Pattern BETWEEN = Pattern.compile("(?i)\"?(\\w+)\"?\\s+BETWEEN\\s+(?:\\?\\s+AND\\s*)?$");
    private static final Pattern LIMIT = Pattern.compile("(?i)\\b(LIMIT|FETCH\\s+FIRST)\\s*$");
    private static final Pattern OFFSET = Pattern.compile("(?i)\\bOFFSET\\s*$");
    private static final Pattern INSERT = Pattern.compile("(?is)^\\s*INSERT\\s+INTO\\s+[\\w.\"]+\\s*\\(([^)]*)\\)\\s*VALUES\\s*\\((.*)\\)\\s*(?:ON\\s+CONFLICT.*|RETURNING.*)?$");

    private Parameters() {
    }

    static List<Marker> of(String sql) {
        List<Integer> positions = markers(sql);
        List<Marker> out = new ArrayList<>(positions.size());
        List<String> insertColumns = insertColumnsByMarker(sql);
        for (int i = 0; i < positions.size(); i++) {
            if (insertColumns != null && i < insertColumns.size() && insertColumns.get(i) != null) {
                out.add(new Marker(insertColumns.get(i), true, null));
                continue;
            }
            String before = sql.substring(0, positions.get(i));
            Matcher m;
            if ((m = COMPARED.matcher(before)).find()) {
                out.add(new Marker(m.group(2).toLowerCase(Locale.ROOT), false, null));
            } else if ((m = IN_LIST.matcher(before)).find() || (m = BETWEEN.matcher(before)).find()) {
                out.add(new Marker(m.group(1).toLowerCase(Locale.ROOT), false, null));
            } else if (LIMIT.matcher(before).find()) {
                out.add(new Marker(null, false, 20L));
            } else if (OFFSET.matcher(before).find()) {
                out.add(new Marker(null, false, 0L));
            } else {
                out.add(new Marker(null, false, null));
            }
        }
        return out;
    }

    /** For a one-row INSERT … VALUES, the column of each marker in order (null where a value is an expression). */
    private static List<String> insertColumnsByMarker(String sql) {
        Matcher m = INSERT.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        String[] columns = m.group(1).split(",");
        List<String> values = splitTopLevel(m.group(2));
        if (values.size() != columns.length) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            String value = values.get(i).strip();
            int count = markers(value).size();
            for (int k = 0; k < count; k++) {
                out.add(value.equals("?") ? columns[i].strip().replace("\"", "").toLowerCase(Locale.ROOT) : null);
            }
        }
        return out;
    }

    private static List<String> splitTopLevel(String values) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean inString = false;
        for (int i = 0; i < values.length(); i++) {
            char ch = values.charAt(i);
            if (ch == '\'') {
                inString = !inString;
            } else if (!inString && ch == '(') {
                depth++;
            } else if (!inString && ch == ')') {
                depth--;
            } else if (!inString && depth == 0 && ch == ',') {
                out.add(values.substring(start, i));
                start = i + 1;
            }
        }
        out.add(values.substring(start));
        return out;
    }

    /** Positions of the {@code ?} markers outside string literals and quoted identifiers. */
    static List<Integer> markers(String sql) {
        List<Integer> out = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char ch = sql.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '?') {
                out.add(i);
            }
        }
        return out;
    }
}
