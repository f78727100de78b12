package io.shardbridge.bridge.row;

import io.shardbridge.config.Dialect;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads row images by primary key on the authoritative side, inside the caller's transaction, so the
 * images are exactly what that transaction is about to commit. Values are read by the legacy column
 * type (see {@link ColumnValues}), so an image means the same whichever engine it came from.
 */
public final class RowImageReader {
    private static final int KEYS_PER_QUERY = 200;

    private RowImageReader() {
    }

    /** Images of the rows that exist among {@code keys}; a key with no row has no image (it was deleted). */
    public static List<RowImage> read(Connection authoritative, TableDefinition table, List<List<Object>> keys) throws SQLException {
        List<RowImage> keyImages = new ArrayList<>(keys.size());
        for (List<Object> key : keys) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < table.primaryKey().size(); i++) {
                values.put(table.primaryKey().get(i), key.get(i));
            }
            keyImages.add(new RowImage(table.name(), values));
        }
        return read(authoritative, Dialect.POSTGRESQL, table, keyImages, null, false);
    }

    /**
     * Images of the rows whose keys are given (as key images: primary-key columns, plus the shard key
     * when {@code shardKey} is given, so a router sends each lookup to one shard).
     *
     * @param lock true to lock the rows read ({@code FOR UPDATE}) until the transaction ends
     */
    public static List<RowImage> read(Connection authoritative, Dialect dialect, TableDefinition table, List<RowImage> keys,
                                      String shardKey, boolean lock) throws SQLException {
        List<String> lookup = new ArrayList<>(table.primaryKey());
        if (shardKey != null && !lookup.contains(shardKey)) {
            lookup.add(shardKey);
        }
        List<RowImage> images = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<RowImage> batch = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            List<String> columns = lookup.stream().filter(c -> batch.stream().allMatch(k -> k.has(c) && k.get(c) != null)).toList();
            try (PreparedStatement ps = authoritative.prepareStatement(selectByKeys(dialect, table, columns, batch.size(), lock))) {
                int i = 1;
                for (RowImage key : batch) {
                    for (String column : columns) {
                        io.shardbridge.bridge.row.MirrorValues.bind(ps, i++, key.get(column), dialect, table.name(), column);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        images.add(image(rs, table, dialect));
                    }
                }
            }
        }
        return images;
    }

    /** The image of the result set's current row, every column of {@code table} read by name. */
    public static RowImage image(ResultSet rs, TableDefinition table, Dialect source) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ColumnDefinition column : table.columns()) {
            values.put(column.name(), ColumnValues.read(rs, column.name(), column, source));
        }
        return new RowImage(table.name(), values);
    }

    /** The named columns of the current row (a key image). */
    public static RowImage keyImage(ResultSet rs, TableDefinition table, List<String> columns, Dialect source) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : columns) {
            ColumnDefinition column = table.column(name).orElseThrow();
            values.put(name, ColumnValues.read(rs, name, column, source));
        }
        return new RowImage(table.name(), values);
    }

    static String selectByKeys(Dialect dialect, TableDefinition table, List<String> columns, int keyCount, boolean lock) {
        String one = columns.stream().map(c -> RoutedNames.name(dialect, c) + " = ?").collect(Collectors.joining(" AND ", "(", ")"));
        String where = String.join(" OR ", java.util.Collections.nCopies(keyCount, one));
        return "SELECT * FROM " + RoutedNames.name(dialect, table.name()) + " WHERE " + where + (lock ? " FOR UPDATE" : "");
    }
}
