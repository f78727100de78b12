package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.mirror.MirrorValues;
import io.shardbridge.bridge.mirror.RowImage;
import io.shardbridge.config.Dialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A keyset bound on a (possibly composite) primary key, as SQL both engines and the router read the
 * same way: {@code key > row} as {@code ((a > ?) OR (a = ? AND b > ?))}, {@code key <= row} as
 * {@code ((a < ?) OR (a = ? AND b <= ?))} — no row-value comparison, which the router cannot route.
 *
 * @param sql    the condition, with one {@code ?} per value
 * @param values the values to bind, in order
 */
public record KeyBound(String sql, List<Object> values) {
    public KeyBound {
        values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** {@code key > row} ({@code after} true) or {@code key <= row}, in SQL sent through the router. */
    public static KeyBound of(Dialect dialect, List<String> key, RowImage row, boolean after) {
        return of(key.stream().map(c -> RoutedNames.name(dialect, c)).toList(), key, row, after);
    }

    /**
     * {@code key > row} ({@code after} true) or {@code key <= row}, where {@code expressions} are how each
     * key column is written in the condition (a quoted name, or one with a collation).
     */
    public static KeyBound of(List<String> expressions, List<String> key, RowImage row, boolean after) {
        List<String> alternatives = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            StringBuilder part = new StringBuilder("(");
            for (int j = 0; j < i; j++) {
                part.append(expressions.get(j)).append(" = ? AND ");
                values.add(row.get(key.get(j)));
            }
            String op = after ? ">" : i == key.size() - 1 ? "<=" : "<";
            part.append(expressions.get(i)).append(' ').append(op).append(" ?)");
            values.add(row.get(key.get(i)));
            alternatives.add(part.toString());
        }
        return new KeyBound("(" + String.join(" OR ", alternatives) + ")", values);
    }

    /** Binds the values from position {@code first} on; returns the next free position. */
    public int bind(PreparedStatement ps, int first, Dialect dialect, String table) throws SQLException {
        int position = first;
        for (Object value : values) {
            MirrorValues.bind(ps, position++, value, dialect, table, "key");
        }
        return position;
    }
}
