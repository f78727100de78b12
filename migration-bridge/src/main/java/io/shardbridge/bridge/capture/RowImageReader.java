package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.mirror.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the current images of rows by primary key from PostgreSQL, inside the caller's transaction,
 * so the images are exactly what that transaction is about to commit. Temporal columns are read as
 * {@code java.time} values ({@code timestamptz} as an {@link OffsetDateTime} instant), exact to the
 * microsecond whatever the JVM's zone; every other type as the driver's default object.
 */
public final class RowImageReader {
    private static final int KEYS_PER_QUERY = 500;

    private RowImageReader() {
    }

    /** Images of the rows that exist among {@code keys}; a key with no row has no image (it was deleted). */
    public static List<RowImage> read(Connection authoritative, TableDefinition table, List<List<Object>> keys) throws SQLException {
        List<RowImage> images = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<List<Object>> batch = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            try (PreparedStatement ps = authoritative.prepareStatement(selectByKeys(table, batch.size()))) {
                int i = 1;
                for (List<Object> key : batch) {
                    for (Object part : key) {
                        ps.setObject(i++, part);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> values = new LinkedHashMap<>();
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            values.put(meta.getColumnName(c).toLowerCase(Locale.ROOT), value(rs, c, meta.getColumnTypeName(c)));
                        }
                        images.add(new RowImage(table.name(), values));
                    }
                }
            }
        }
        return images;
    }

    /** Temporal types as java.time values: exact to the microsecond and free of the JVM's time zone. */
    private static Object value(ResultSet rs, int column, String pgType) throws SQLException {
        return switch (pgType) {
            case "timestamptz" -> rs.getObject(column, OffsetDateTime.class);
            case "timestamp" -> rs.getObject(column, LocalDateTime.class);
            case "date" -> rs.getObject(column, LocalDate.class);
            case "time" -> rs.getObject(column, LocalTime.class);
            default -> rs.getObject(column);
        };
    }

    static String selectByKeys(TableDefinition table, int keyCount) {
        String key = Dialect.POSTGRESQL.quoteAll(table.primaryKey());
        String tuple = "(" + table.primaryKey().stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        String tuples = String.join(", ", Collections.nCopies(keyCount, tuple));
        return "SELECT * FROM " + Dialect.POSTGRESQL.quote(table.name()) + " WHERE (" + key + ") IN (" + tuples + ")";
    }
}
