package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.row.KeyOrder;
import io.shardbridge.bridge.row.KeyBound;
import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * One side of a comparison: the physical tables that together hold a logical table's rows (one on
 * legacy, every physical table on the sharded target), read directly, never through the router. Every
 * query is bounded by a key range in binary order ({@link ChecksumSql#binaryOrdered}), so both sides
 * read exactly the same set of keys.
 */
final class ChecksumSide {
    /** One physical table: its database, a pool for it, its name there. */
    record Part(String database, DataSource dataSource, String table) {
    }

    /** A row as seen by the comparison: its key image and its hash. */
    record RowHash(RowImage key, long hash) {
    }

    private final String label;
    private final Dialect dialect;
    private final List<Part> parts;
    private final ChecksumColumns columns;
    private final List<String> keyNames;
    private final List<String> keyExpressions;
    private final String rowHash;

    ChecksumSide(String label, Dialect dialect, List<Part> parts, ChecksumColumns columns) {
        this.label = label;
        this.dialect = dialect;
        this.parts = List.copyOf(parts);
        this.columns = columns;
        this.keyNames = columns.table().primaryKey();
        this.keyExpressions = columns.key().stream().map(c -> ChecksumSql.binaryOrdered(dialect, c)).toList();
        this.rowHash = ChecksumSql.rowHash(dialect, columns.pushed());
    }

    String label() {
        return label;
    }

    List<Part> parts() {
        return parts;
    }

    /** The checksum of {@code lower < key <= upper} in one part (either bound may be null). */
    ChunkChecksum checksum(Part part, RowImage lower, RowImage upper) throws SQLException {
        if (columns.streams()) {
            ChunkChecksum sum = ChunkChecksum.EMPTY;
            for (RowHash row : rowHashes(part, lower, upper)) {
                sum = sum.plus(new ChunkChecksum(1, row.hash()));
            }
            return sum;
        }
        List<KeyBound> bounds = bounds(lower, upper);
        String sql = "SELECT COUNT(*), SUM(" + rowHash + ") FROM " + dialect.quote(part.table()) + where(bounds);
        try (Connection c = part.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                withoutParallelWorkers(c);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    bind(ps, bounds);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        BigDecimal sum = rs.getBigDecimal(2);
                        return new ChunkChecksum(rs.getLong(1), sum == null ? 0 : sum.toBigInteger().longValue());
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * PostgreSQL would give a large range's aggregate parallel workers; with both sides' ranges already
     * running side by side that only oversubscribes the cores (measured: 185k → 240k rows/s on two), and
     * a verification should not take the service's parallel workers. For this transaction only.
     */
    private void withoutParallelWorkers(Connection c) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("SET LOCAL max_parallel_workers_per_gather = 0");
            }
        }
    }

    /** Every row of {@code lower < key <= upper} in one part, with its hash. */
    List<RowHash> rowHashes(Part part, RowImage lower, RowImage upper) throws SQLException {
        List<KeyBound> bounds = bounds(lower, upper);
        List<String> selected = new ArrayList<>(keyNames);
        columns.streamed().stream().map(ColumnDefinition::name).filter(n -> !selected.contains(n)).forEach(selected::add);
        String sql = "SELECT " + selectList(dialect, columns.table(), selected) + ", " + rowHash + " AS sb_row_hash FROM " + dialect.quote(part.table()) + where(bounds);
        List<RowHash> out = new ArrayList<>();
        try (Connection c = part.dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                withoutParallelWorkers(c);
                ps.setFetchSize(2000);
                bind(ps, bounds);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        RowImage values = RowImageReader.keyImage(rs, columns.table(), selected, dialect);
                        long pushed = rs.getBigDecimal("sb_row_hash").longValue(); // MySQL's is unsigned: keep its low 64 bits
                        out.add(new RowHash(values.project(keyNames), pushed + columns.streamedHash(values::get)));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
        return out;
    }

    /**
     * A key about {@code rows} rows above {@code lower} (exclusive), or null when fewer remain. With
     * several parts each is asked for the key {@code rows / parts} rows on and the least is taken: a
     * boundary need only be a key value, not an exact count.
     */
    RowImage boundary(RowImage lower, long rows) throws SQLException {
        long perPart = Math.max(1, rows / parts.size());
        List<KeyBound> bounds = bounds(lower, null);
        String sql = "SELECT " + dialect.quoteAll(keyNames) + " FROM %s" + where(bounds) + " ORDER BY " + String.join(", ", keyExpressions)
                + " LIMIT 1 OFFSET " + (perPart - 1);
        RowImage least = null;
        for (Part part : parts) {
            try (Connection c = part.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(String.format(sql, dialect.quote(part.table())))) {
                bind(ps, bounds);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        RowImage key = RowImageReader.keyImage(rs, columns.table(), keyNames, dialect);
                        if (least == null || KeyOrder.of(keyNames).compare(key, least) < 0) {
                            least = key;
                        }
                    }
                }
            }
        }
        return least;
    }

    /** Full rows for these keys, from whichever part holds them. */
    Map<List<Object>, RowImage> rowsByKey(List<RowImage> keys) throws SQLException {
        Map<List<Object>, RowImage> out = new LinkedHashMap<>();
        TableDefinition table = columns.table();
        List<String> all = table.columns().stream().map(ColumnDefinition::name).toList();
        String one = keyNames.stream().map(k -> dialect.quote(k) + " = ?").collect(Collectors.joining(" AND ", "(", ")"));
        for (Part part : parts) {
            try (Connection c = part.dataSource().getConnection()) {
                for (int from = 0; from < keys.size(); from += 200) {
                    List<RowImage> batch = keys.subList(from, Math.min(keys.size(), from + 200));
                    String sql = "SELECT " + selectList(dialect, table, all) + " FROM " + dialect.quote(part.table()) + " WHERE "
                            + String.join(" OR ", java.util.Collections.nCopies(batch.size(), one));
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        int position = 1;
                        for (RowImage key : batch) {
                            for (String k : keyNames) {
                                io.shardbridge.bridge.row.MirrorValues.bind(ps, position++, key.get(k), dialect, table.name(), k);
                            }
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                RowImage row = RowImageReader.image(rs, table, dialect);
                                out.put(row.keyValues(keyNames), row);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The columns as a select list that reads every value exactly. MariaDB prints a FLOAT with six
     * significant digits in its text protocol (3.4028235e38 arrives as 3.40282e38), so a real column is
     * read there as the DOUBLE that holds the same value exactly.
     */
    static String selectList(Dialect dialect, TableDefinition table, List<String> names) {
        return names.stream().map(n -> {
            String q = dialect.quote(n);
            boolean real = table.column(n).map(c -> c.baseType().equals("real")).orElse(false);
            return dialect == Dialect.MYSQL && real ? "CAST(" + q + " AS DOUBLE) AS " + q : q;
        }).collect(Collectors.joining(", "));
    }

    /** The planner's row estimate (instant on big tables): for progress only. */
    long estimatedRows() {
        long total = 0;
        for (Part part : parts) {
            String sql = dialect == Dialect.POSTGRESQL ? "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)"
                    : "SELECT table_rows FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?";
            try (Connection c = part.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, dialect == Dialect.POSTGRESQL ? dialect.quote(part.table()) : part.table());
                try (ResultSet rs = ps.executeQuery()) {
                    total += rs.next() ? Math.max(0, rs.getLong(1)) : 0;
                }
            } catch (SQLException e) {
                return -1; // unknown: progress shows rows without a total
            }
        }
        return total;
    }

    private List<KeyBound> bounds(RowImage lower, RowImage upper) {
        List<KeyBound> bounds = new ArrayList<>(2);
        if (lower != null) {
            bounds.add(KeyBound.of(dialect, keyExpressions, keyNames, lower, true));
        }
        if (upper != null) {
            bounds.add(KeyBound.of(dialect, keyExpressions, keyNames, upper, false));
        }
        return bounds;
    }

    private static String where(List<KeyBound> bounds) {
        return bounds.isEmpty() ? "" : " WHERE " + bounds.stream().map(KeyBound::sql).collect(Collectors.joining(" AND "));
    }

    private void bind(PreparedStatement ps, List<KeyBound> bounds) throws SQLException {
        int position = 1;
        for (KeyBound bound : bounds) {
            position = bound.bind(ps, position, dialect, columns.table().name());
        }
    }
}
