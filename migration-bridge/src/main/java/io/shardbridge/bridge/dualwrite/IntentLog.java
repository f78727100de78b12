package io.shardbridge.bridge.dualwrite;

import io.shardbridge.bridge.intent.IntentTable;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.config.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The dual write's side of the intent table (DESIGN §5.2, {@link IntentTable}): the keys a transaction touched,
 * written in that transaction on the authoritative database, so they commit or vanish with the rows they describe. A committed intent
 * means "this row may not be on the mirror yet"; it is cleared once the mirror has committed, and the
 * {@link Repairer} re-applies whatever is left. When the sharded target is authoritative the intent is
 * written on the shard database that holds the row, through the same physical connection.
 */
final class IntentLog {
    private static final String TABLE = IntentTable.NAME;
    private static final int ROWS_PER_INSERT = 500;

    /** The intents one transaction wrote in one database: they share the transaction's token. */
    public record Ref(String database, long txn) {
    }

    /** A pending intent as read back for repair. */
    public record Intent(long id, String table, String rowKey) {
    }

    private IntentLog() {
    }

    /** Records the keys in {@code transaction} (not committed here), tagged with the transaction's token. */
    static Ref record(Connection transaction, String database, String unit, long txn, List<RowImage> keys) throws SQLException {
        for (int from = 0; from < keys.size(); from += ROWS_PER_INSERT) {
            List<RowImage> batch = keys.subList(from, Math.min(keys.size(), from + ROWS_PER_INSERT));
            try (PreparedStatement ps = transaction.prepareStatement(IntentTable.insertValues(batch.size()))) {
                int i = 1;
                for (RowImage key : batch) {
                    ps.setString(i++, unit);
                    ps.setString(i++, key.table());
                    ps.setString(i++, IntentTable.rowKey(key));
                    ps.setLong(i++, txn);
                }
                ps.executeUpdate();
            }
        }
        return new Ref(database, txn);
    }

    /** Intents of {@code unit} at least {@code age} old and with an id up to {@code upToId}, oldest first. */
    static List<Intent> pending(Connection c, Dialect dialect, String unit, Duration age, long upToId, int limit) throws SQLException {
        String cutoff = dialect == Dialect.POSTGRESQL ? "clock_timestamp() - (? * interval '1 microsecond')" : "NOW(6) - INTERVAL ? MICROSECOND";
        String sql = "SELECT id, table_name, row_key FROM " + TABLE + " WHERE unit_name = ? AND id <= ? AND created_at <= " + cutoff
                + " ORDER BY id LIMIT " + limit;
        List<Intent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, unit);
            ps.setLong(2, upToId);
            ps.setLong(3, age.toNanos() / 1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Intent(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** The highest intent id of {@code unit} in this database now (0: none): a pass drains up to it and ends. */
    static long lastId(Connection c, String unit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(id) FROM " + TABLE + " WHERE unit_name = ?")) {
            ps.setString(1, unit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long count(Connection c, String unit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + TABLE + " WHERE unit_name = ?")) {
            ps.setString(1, unit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes intents by id (after repair). */
    static void delete(Connection c, List<Long> ids) throws SQLException {
        deleteWhere(c, "id", ids);
    }

    /** Deletes the intents of transactions whose mirror committed. */
    static void deleteTransactions(Connection c, List<Long> txns) throws SQLException {
        deleteWhere(c, "txn", txns);
    }

    private static void deleteWhere(Connection c, String column, List<Long> ids) throws SQLException {
        for (int from = 0; from < ids.size(); from += ROWS_PER_INSERT) {
            List<Long> batch = ids.subList(from, Math.min(ids.size(), from + ROWS_PER_INSERT));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE " + column + " IN ("
                    + String.join(", ", Collections.nCopies(batch.size(), "?")) + ")")) {
                for (int i = 0; i < batch.size(); i++) {
                    ps.setLong(i + 1, batch.get(i));
                }
                ps.executeUpdate();
            }
        }
    }
}
