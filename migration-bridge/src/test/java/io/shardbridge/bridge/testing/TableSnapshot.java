package io.shardbridge.bridge.testing;

import io.shardbridge.config.Dialect;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rows as canonical text, equal across PostgreSQL and MySQL for equal values, for row-by-row
 * comparison in tests: key first, then each column by the legacy type (timestamptz as a UTC instant,
 * numerics without scale padding, JSON and UUID as text).
 */
final class TableSnapshot {
    /** By the key parts (numeric ones by value) before the first '|' ("12:3|…" for a two-column key), then by the whole text. */
    static final Comparator<String> BY_KEY = (a, b) -> {
        String[] x = a.substring(0, a.indexOf('|')).split(":");
        String[] y = b.substring(0, b.indexOf('|')).split(":");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean numbers = x[i].matches("-?[0-9.]+") && y[i].matches("-?[0-9.]+"); // text key parts: by their text
            int c = numbers ? new BigDecimal(x[i]).compareTo(new BigDecimal(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    };

    private TableSnapshot() {
    }

    static List<String> rows(Connection c, Dialect dialect, String physicalTable, TableDefinition table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + physicalTable)) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int k = 0; k < table.primaryKey().size(); k++) {
                    row.append(k == 0 ? "" : ":").append(rs.getString(table.primaryKey().get(k)));
                }
                for (ColumnDefinition column : table.columns()) {
                    row.append('|').append(column.name()).append('=').append(value(rs, column, dialect));
                }
                out.add(row.toString());
            }
        }
        out.sort(BY_KEY);
        return out;
    }

    private static String value(ResultSet rs, ColumnDefinition column, Dialect dialect) throws SQLException {
        String name = column.name();
        switch (column.baseType()) {
            case "timestamptz" -> {
                if (dialect == Dialect.POSTGRESQL) {
                    OffsetDateTime t = rs.getObject(name, OffsetDateTime.class);
                    return t == null ? "null" : t.toInstant().toString();
                }
                LocalDateTime t = rs.getObject(name, LocalDateTime.class);
                return t == null ? "null" : t.toInstant(ZoneOffset.UTC).toString();
            }
            case "timestamp" -> {
                LocalDateTime t = rs.getObject(name, LocalDateTime.class);
                return String.valueOf(t);
            }
            case "numeric" -> {
                BigDecimal d = rs.getBigDecimal(name);
                return d == null ? "null" : d.stripTrailingZeros().toPlainString();
            }
            case "jsonb", "json" -> {
                String s = rs.getString(name);
                return s == null ? "null" : s.replaceAll("\\s", "");
            }
            default -> {
                return String.valueOf(rs.getString(name));
            }
        }
    }
}
