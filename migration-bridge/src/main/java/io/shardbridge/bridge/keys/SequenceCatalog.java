package io.shardbridge.bridge.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the sequence-filled columns of a table in the legacy PostgreSQL catalog: identity columns,
 * {@code serial}/{@code bigserial} (a default of {@code nextval} on an owned sequence) and any other
 * {@code DEFAULT nextval('…')}. Nothing is configured: what legacy fills from a sequence is what
 * shardbridge fills once the target is authoritative.
 */
final class SequenceCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceCatalog.class);

    private static final String COLUMNS = """
            SELECT a.attname, t.typname,
                   coalesce(pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname),
                            substring(pg_get_expr(d.adbin, d.adrelid) from 'nextval\\(''([^'']+)''::regclass\\)')) AS seq,
                   a.attidentity <> '' AS identity, coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS dflt
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """;

    private SequenceCatalog() {
    }

    /** The sequence-filled columns of {@code table} (empty when it has none). */
    public static List<SequenceColumn> read(Connection legacy, String schema, String table) throws SQLException {
        List<SequenceColumn> out = new ArrayList<>();
        try (PreparedStatement ps = legacy.prepareStatement(COLUMNS)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sequence = rs.getString(3);
                    boolean filled = rs.getBoolean(4) || rs.getString(5).startsWith("nextval(");
                    if (sequence == null || !filled) {
                        continue;
                    }
                    String column = rs.getString(1);
                    int type = switch (rs.getString(2)) {
                        case "int2" -> Types.SMALLINT;
                        case "int4" -> Types.INTEGER;
                        case "int8" -> Types.BIGINT;
                        default -> Types.OTHER;
                    };
                    if (type == Types.OTHER) {
                        LOG.warn("{}.{} is filled from sequence {} but is of type {}; shardbridge fills only smallint, integer and bigint keys, "
                                + "so once the target is authoritative an INSERT must give this column", table, column, sequence, rs.getString(2));
                        continue;
                    }
                    SequenceColumn candidate = new SequenceColumn(table, column, sequence, type, 0);
                    long[] limits = sequenceLimits(legacy, sequence);
                    if (limits[1] <= 0) {
                        LOG.warn("{}.{}: sequence {} counts down; shardbridge fills only ascending sequences, so once the target is "
                                + "authoritative an INSERT must give this column", table, column, sequence);
                        continue;
                    }
                    out.add(new SequenceColumn(table, column, sequence, type, Math.min(candidate.typeMax(), limits[0])));
                }
            }
        }
        return out;
    }

    /** {max_value, increment} of a sequence. */
    private static long[] sequenceLimits(Connection legacy, String sequence) throws SQLException {
        try (PreparedStatement ps = legacy.prepareStatement("SELECT seqmax, seqincrement FROM pg_sequence WHERE seqrelid = ?::regclass")) {
            ps.setString(1, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("sequence " + sequence + " is not in the legacy catalog", "42P01");
                }
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }
}
