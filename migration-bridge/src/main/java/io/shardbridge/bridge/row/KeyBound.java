package io.shardbridge.bridge.row;

import io.shardbridge.config.Dialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A keyset bound on a (possibly composite) primary key, {@code key > row} or {@code key <= row}, written
 * in the form each engine serves from the primary-key index (DESIGN §12). Backfill chunks, verification
 * ranges, bisection and boundary lookups all go through it, so a composite key costs an index range
 * scan, not a filter over the rows before the bound.
 *
 * <ul>
 *   <li>PostgreSQL: the row-value comparison {@code (a, b, c) > (?, ?, ?)}, an index condition on a
 *   b-tree over (a, b, c). The OR chain {@code a > ? OR (a = ? AND b > ?) …} is only a filter there
 *   (measured on a 4-column key: 41 ms and 133,495 rows removed for a 1,000-row chunk, against 0.6 ms).</li>
 *   <li>MySQL / MariaDB: the same order written as nested conditions with the leading column bounded,
 *   {@code a >= ? AND (a > ? OR (a = ? AND (b > ? OR (b = ? AND c > ?))))}. MariaDB 10.11 plans a
 *   row-value comparison as a full index scan (EXPLAIN: type index, no possible keys); this form is a
 *   range on PRIMARY over every key part.</li>
 * </ul>
 *
 * <p>Both forms mean exactly the lexicographic order of the key columns, the order of {@code ORDER BY
 * a, b, c} on the same expressions, so a walk over bounds neither skips nor repeats a row.
 *
 * <p>Routing ({@link #of(Dialect, List, RowImage, boolean)}, SQL sent through the target's router):
 * ShardingSphere expands ORs into conjunctions and routes each; one whose shard-key condition no shard
 * can hold — {@code a = 1 AND a = 5}, or {@code a > 1 AND a < 2} under a mod algorithm — fails the whole
 * statement with "No sharding database route info". An OR chain or the nested form bounded on both
 * sides produces such conjunctions, so the router is given the row-value comparison, from which it
 * extracts no shard-key condition and which it sends to every physical table, merging by the ORDER BY.
 * On MySQL the router's form adds the leading column's inclusive bound ({@code a >= ?}), a range that
 * always holds the bound's own value (so it routes) and that MariaDB serves from the index: it then
 * filters only within the rows of the bound's leading value.
 *
 * @param sql    the condition, with one {@code ?} per value
 * @param values the values to bind, in order
 */
public record KeyBound(String sql, List<Object> values) {
    public KeyBound {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** {@code key > row} ({@code after} true) or {@code key <= row}, in SQL sent through the router (see above). */
    public static KeyBound of(Dialect dialect, List<String> key, RowImage row, boolean after) {
        List<String> names = key.stream().map(c -> RoutedNames.name(dialect, c)).toList();
        List<Object> values = key.stream().map(row::get).toList();
        if (key.size() == 1 || dialect == Dialect.POSTGRESQL) {
            return of(dialect, names, key, row, after);
        }
        KeyBound compared = rowValue(names, values, after);
        List<Object> bound = new ArrayList<>();
        bound.add(values.get(0));
        bound.addAll(values);
        return new KeyBound("(" + names.get(0) + (after ? " >= ?" : " <= ?") + " AND " + compared.sql() + ")", bound);
    }

    /**
     * {@code key > row} ({@code after} true) or {@code key <= row}, where {@code expressions} are how each
     * key column is written in the condition (a quoted name, or one with a collation).
     */
    public static KeyBound of(Dialect dialect, List<String> expressions, List<String> key, RowImage row, boolean after) {
        List<Object> values = key.stream().map(row::get).toList();
        if (key.size() == 1) {
            return new KeyBound(expressions.get(0) + (after ? " > ?" : " <= ?"), values);
        }
        return dialect == Dialect.POSTGRESQL ? rowValue(expressions, values, after) : nested(expressions, values, after);
    }

    private static KeyBound rowValue(List<String> expressions, List<Object> values, boolean after) {
        String marks = String.join(", ", Collections.nCopies(values.size(), "?"));
        return new KeyBound("(" + String.join(", ", expressions) + ") " + (after ? ">" : "<=") + " (" + marks + ")", values);
    }

    /** {@code a >= ? AND (a > ? OR (a = ? AND (b > ? OR (b = ? AND c > ?))))} (mirrored for {@code <=}). */
    private static KeyBound nested(List<String> expressions, List<Object> values, boolean after) {
        String strict = after ? " > ?" : " < ?";
        String last = after ? " > ?" : " <= ?";
        List<Object> bound = new ArrayList<>();
        StringBuilder sql = new StringBuilder("(").append(expressions.get(0)).append(after ? " >= ?" : " <= ?").append(" AND ");
        bound.add(values.get(0));
        int n = expressions.size();
        for (int i = 0; i < n; i++) {
            if (i == n - 1) {
                sql.append(expressions.get(i)).append(last);
                bound.add(values.get(i));
                break;
            }
            sql.append('(').append(expressions.get(i)).append(strict).append(" OR (").append(expressions.get(i)).append(" = ? AND ");
            bound.add(values.get(i));
            bound.add(values.get(i));
        }
        sql.append("))".repeat(n - 1)).append(')');
        return new KeyBound(sql.toString(), bound);
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
