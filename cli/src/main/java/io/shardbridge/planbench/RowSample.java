package io.shardbridge.planbench;

import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A random sample of the legacy table's rows: loaded into every plan's physical tables, and the pool the
 * replay draws parameter values from, so reads hit rows that exist with the real distribution of values.
 * Inserted primary keys are fresh (above the table's largest numeric key, or random UUID text).
 */
final class RowSample {
    private static final Set<String> INTEGRAL = Set.of("smallint", "integer", "bigint", "numeric");

    private final TableDefinition table;
    private final List<String> columns;
    private final List<Object[]> rows;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, AtomicLong> nextKey = new HashMap<>();

    private RowSample(TableDefinition table, List<String> columns, List<Object[]> rows) {
        this.table = table;
        this.columns = columns;
        this.rows = rows;
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).toLowerCase(Locale.ROOT), i);
        }
    }

    static RowSample read(Connection legacy, TableDefinition table, int size) throws SQLException {
        String name = TableScan.quote(table.name());
        List<Object[]> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = legacy.prepareStatement("SELECT * FROM " + name + " ORDER BY random() LIMIT ?")) {
            ps.setInt(1, size);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.add(md.getColumnName(i));
                }
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        RowSample sample = new RowSample(table, columns, rows);
        for (String pk : table.primaryKey()) {
            ColumnDefinition column = table.column(pk).orElseThrow();
            if (INTEGRAL.contains(column.baseType())) {
                try (Statement st = legacy.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(" + TableScan.quote(pk) + "), 0) FROM " + name)) {
                    rs.next();
                    sample.nextKey.put(pk.toLowerCase(Locale.ROOT), new AtomicLong(rs.getLong(1) + 1_000_000));
                }
            }
        }
        return sample;
    }

    List<String> columns() {
        return columns;
    }

    List<Object[]> rows() {
        return rows;
    }

    int size() {
        return rows.size();
    }

    boolean hasColumn(String column) {
        return index.containsKey(column.toLowerCase(Locale.ROOT));
    }

    /** A value for a marker: a fresh key for an inserted primary-key column, otherwise a sampled value of that column. */
    Object valueFor(Parameters.Marker marker) {
        if (marker.constant() != null) {
            return marker.constant();
        }
        if (marker.column() == null || rows.isEmpty() || !index.containsKey(marker.column())) {
            return null;
        }
        if (marker.inserted() && isPrimaryKey(marker.column())) {
            AtomicLong next = nextKey.get(marker.column());
            return next != null ? next.getAndIncrement() : UUID.randomUUID().toString();
        }
        return rows.get(ThreadLocalRandom.current().nextInt(rows.size()))[index.get(marker.column())];
    }

    private boolean isPrimaryKey(String column) {
        return table.primaryKey().stream().anyMatch(pk -> pk.equalsIgnoreCase(column));
    }
}
