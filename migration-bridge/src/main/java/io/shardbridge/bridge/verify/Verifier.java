package io.shardbridge.bridge.verify;

import io.shardbridge.bridge.capture.KeyBound;
import io.shardbridge.bridge.capture.RoutedNames;
import io.shardbridge.bridge.capture.RowImageReader;
import io.shardbridge.bridge.dualwrite.DualWriteUnit;
import io.shardbridge.bridge.mirror.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Compares a unit's tables on both sides, row by row, in primary-key chunks (DESIGN §7). The chunk
 * boundaries are key values taken from the authoritative side; the mirror is read for exactly that key
 * range, and the two sorted lists are merged by key: a key on one side only is MISSING or EXTRA, a key
 * on both with any column unequal (by {@link RowValues}) is DIFFERENT. A difference may be a write in
 * flight, so every difference is read again by key after {@code recheckAfter} and reported only if it
 * persists.
 *
 * <p>This first verifier streams both sides into the JVM and compares decoded values; it is the oracle
 * the pushed-down chunk checksums of DESIGN §7 will be tested against. Keys are ordered by value
 * (numbers, dates) — text keys whose collations differ between the engines are not supported yet.
 */
public final class Verifier {
    private final DualWriteUnit unit;
    private final DataSource legacy;
    private final DataSource target;
    private final Dialect targetDialect;
    private int chunkRows = 2000;
    private Duration recheckAfter = Duration.ofSeconds(2);

    public Verifier(DualWriteUnit unit, DataSource legacy, DataSource targetRouting, Dialect targetDialect) {
        this.unit = unit;
        this.legacy = legacy;
        this.target = targetRouting;
        this.targetDialect = targetDialect;
    }

    public Verifier chunkRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("chunk rows must be at least 1, was " + rows);
        }
        this.chunkRows = rows;
        return this;
    }

    /** How long to wait before reading a difference again (in-flight writes are not differences). */
    public Verifier recheckAfter(Duration value) {
        this.recheckAfter = value;
        return this;
    }

    public VerifyReport run() throws SQLException {
        MigrationPhase phase = unit.state().phase();
        if (!phase.mirrorsWrites()) {
            throw new SQLException("migration unit " + unit.state().name() + " is at " + phase + ": only one side receives its writes, so "
                    + "there is nothing to compare. Verify from DUAL_WRITE to RAMP_DOWN.", "55000");
        }
        Side authoritative = phase.authoritative();
        long started = System.nanoTime();
        Map<String, Long> compared = new LinkedHashMap<>();
        List<VerifyReport.Difference> differences = new ArrayList<>();
        for (String name : unit.state().tables()) {
            TableDefinition table = unit.table(name);
            if (table == null) {
                throw new SQLException("cannot verify table " + name + ": " + unit.state().unmirrorableReason(name), "0A000");
            }
            List<RowImage> suspects = new ArrayList<>();
            compared.put(name, compareTable(table, authoritative, suspects));
            differences.addAll(recheck(table, authoritative, suspects));
        }
        return new VerifyReport(unit.state().name(), authoritative, compared, differences, Duration.ofNanos(System.nanoTime() - started));
    }

    private long compareTable(TableDefinition table, Side authoritative, List<RowImage> suspects) throws SQLException {
        Side mirror = authoritative == Side.LEGACY ? Side.TARGET : Side.LEGACY;
        RowImage lower = null;
        long rows = 0;
        while (true) {
            List<RowImage> auth = read(authoritative, table, lower, null, chunkRows);
            RowImage upper = auth.size() < chunkRows ? null : auth.get(auth.size() - 1).project(table.primaryKey());
            List<RowImage> other = read(mirror, table, lower, upper, 0);
            diff(table, auth, other, suspects);
            rows += auth.size();
            if (upper == null) {
                return rows;
            }
            lower = upper;
        }
    }

    /** Merges two lists sorted by key; keys on one side only, and rows that differ, become suspects. */
    private static void diff(TableDefinition table, List<RowImage> auth, List<RowImage> mirror, List<RowImage> suspects) {
        int i = 0;
        int j = 0;
        while (i < auth.size() || j < mirror.size()) {
            int order = i == auth.size() ? 1 : j == mirror.size() ? -1 : compareKeys(table, auth.get(i), mirror.get(j));
            if (order < 0) {
                suspects.add(auth.get(i++).project(table.primaryKey()));
            } else if (order > 0) {
                suspects.add(mirror.get(j++).project(table.primaryKey()));
            } else {
                if (!differingColumns(table, auth.get(i), mirror.get(j)).isEmpty()) {
                    suspects.add(auth.get(i).project(table.primaryKey()));
                }
                i++;
                j++;
            }
        }
    }

    /** Reads each suspect again on both sides, after a pause, and keeps what still differs. */
    private List<VerifyReport.Difference> recheck(TableDefinition table, Side authoritative, List<RowImage> suspects) throws SQLException {
        if (suspects.isEmpty()) {
            return List.of();
        }
        if (!recheckAfter.isZero()) {
            try {
                Thread.sleep(recheckAfter.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Side mirror = authoritative == Side.LEGACY ? Side.TARGET : Side.LEGACY;
        Map<List<Object>, RowImage> auth = byKey(table, readKeys(authoritative, table, suspects));
        Map<List<Object>, RowImage> other = byKey(table, readKeys(mirror, table, suspects));
        List<VerifyReport.Difference> out = new ArrayList<>();
        for (RowImage suspect : suspects) {
            List<Object> k = suspect.keyValues(table.primaryKey());
            RowImage a = auth.get(k);
            RowImage m = other.get(k);
            Map<String, Object> key = new LinkedHashMap<>();
            table.primaryKey().forEach(c -> key.put(c, suspect.get(c)));
            if (a != null && m == null) {
                out.add(new VerifyReport.Difference(table.name(), "MISSING", key, List.of()));
            } else if (a == null && m != null) {
                out.add(new VerifyReport.Difference(table.name(), "EXTRA", key, List.of()));
            } else if (a != null) {
                List<String> columns = differingColumns(table, a, m);
                if (!columns.isEmpty()) {
                    out.add(new VerifyReport.Difference(table.name(), "DIFFERENT", key, columns));
                }
            }
        }
        return out;
    }

    private List<RowImage> readKeys(Side side, TableDefinition table, List<RowImage> keys) throws SQLException {
        try (Connection c = dataSource(side).getConnection()) {
            c.setAutoCommit(true);
            return RowImageReader.read(c, dialect(side), table, keys, null, false);
        }
    }

    /** Rows with {@code lower < key <= upper} (either bound may be absent), in key order, at most {@code limit} (0: no limit). */
    private List<RowImage> read(Side side, TableDefinition table, RowImage lower, RowImage upper, int limit) throws SQLException {
        Dialect dialect = dialect(side);
        List<String> key = table.primaryKey();
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(RoutedNames.name(dialect, table.name()));
        List<KeyBound> bounds = new ArrayList<>();
        if (lower != null) {
            bounds.add(KeyBound.of(dialect, key, lower, true));
        }
        if (upper != null) {
            bounds.add(KeyBound.of(dialect, key, upper, false));
        }
        List<String> conditions = bounds.stream().map(KeyBound::sql).toList();
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        sql.append(" ORDER BY ").append(RoutedNames.names(dialect, key));
        if (limit > 0) {
            sql.append(" LIMIT ").append(limit);
        }
        List<RowImage> out = new ArrayList<>();
        try (Connection c = dataSource(side).getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            c.setAutoCommit(true);
            ps.setFetchSize(1000);
            int position = 1;
            for (KeyBound bound : bounds) {
                position = bound.bind(ps, position, dialect, table.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(RowImageReader.image(rs, table, dialect));
                }
            }
        }
        out.sort((x, y) -> compareKeys(table, x, y)); // the engines' own orders may differ; ours decides
        return out;
    }

    private static List<String> differingColumns(TableDefinition table, RowImage a, RowImage b) {
        List<String> out = new ArrayList<>();
        for (ColumnDefinition column : table.columns()) {
            if (!RowValues.same(column, a.get(column.name()), b.get(column.name()))) {
                out.add(column.name());
            }
        }
        return out;
    }

    private static int compareKeys(TableDefinition table, RowImage a, RowImage b) {
        for (String column : table.primaryKey()) {
            int c = RowValues.compareKey(a.get(column), b.get(column));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static Map<List<Object>, RowImage> byKey(TableDefinition table, List<RowImage> rows) {
        Map<List<Object>, RowImage> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put(r.keyValues(table.primaryKey()), r));
        return out;
    }

    private DataSource dataSource(Side side) {
        return side == Side.LEGACY ? legacy : target;
    }

    private Dialect dialect(Side side) {
        return side == Side.LEGACY ? Dialect.POSTGRESQL : targetDialect;
    }
}
