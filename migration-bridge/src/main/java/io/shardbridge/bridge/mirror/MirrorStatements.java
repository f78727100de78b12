package io.shardbridge.bridge.mirror;

import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.TableDefinition;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Dialect-correct upsert and delete-by-key SQL for one physical table.
 *
 * <p>Mirror transactions on one row must take effect in the authoritative commit order. An upsert waits
 * for any uncommitted write of its key (the unique index makes it), but on PostgreSQL a DELETE does not
 * wait for an uncommitted INSERT of the row it is deleting: it does not see the row, deletes nothing, and
 * the insert commits after it — a row the authoritative side no longer has. So on PostgreSQL a mirror
 * transaction first takes a transaction-scoped advisory lock on every key it writes ({@link #lockKey}),
 * in ascending order (two mirror transactions cannot deadlock on them), in a statement of its own (so
 * the DELETE's snapshot is taken after the wait). InnoDB needs none of this: a DELETE by key waits on
 * the uncommitted record like any locking read.
 *
 * <p>PostgreSQL: {@code ON CONFLICT (primary key) DO UPDATE}: only a primary-key conflict updates; a
 * clash on another unique index is an error (counted and left for repair), never a silent overwrite of
 * a different row. MySQL: {@code ON DUPLICATE KEY UPDATE}, which fires on any unique key; mirror writes
 * arrive in authoritative commit order, so a unique value has already left its old row when the new
 * row's image arrives.
 */
final class MirrorStatements {
    private MirrorStatements() {
    }

    /** Takes the advisory locks of the keys given as one bigint[] parameter, in ascending order (PostgreSQL). */
    static final String LOCK_KEYS = "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest(CAST(? AS bigint[])) AS k ORDER BY 1) keys";

    /** An upsert of {@code rows} rows by primary key (all with the same columns). */
    static String upsert(Dialect dialect, TableDefinition table, String physicalTable, List<String> columns, int rows) {
        String tuple = "(" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        List<String> nonKey = columns.stream().filter(c -> !table.primaryKey().contains(c)).toList();
        String insert = "INSERT INTO " + dialect.quote(physicalTable) + " (" + dialect.quoteAll(columns) + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(rows, tuple));
        if (dialect == Dialect.POSTGRESQL) {
            String conflict = " ON CONFLICT (" + dialect.quoteAll(table.primaryKey()) + ")";
            return nonKey.isEmpty() ? insert + conflict + " DO NOTHING"
                    : insert + conflict + " DO UPDATE SET " + nonKey.stream()
                    .map(c -> dialect.quote(c) + " = EXCLUDED." + dialect.quote(c)).collect(Collectors.joining(", "));
        }
        List<String> assigned = nonKey.isEmpty() ? List.of(table.primaryKey().get(0)) : nonKey;
        return insert + " ON DUPLICATE KEY UPDATE " + assigned.stream()
                .map(c -> dialect.quote(c) + " = VALUES(" + dialect.quote(c) + ")").collect(Collectors.joining(", "));
    }

    /** Lock slots: a transaction holds at most this many advisory locks, however many rows it writes. */
    static final int LOCK_SLOTS = 4096;

    /**
     * The lock slot of one row: FNV-1a over the logical table name and the key values' text, folded
     * into {@link #LOCK_SLOTS} slots (PostgreSQL's lock table is small: 64 locks per connection by
     * default). Two rows that share a slot only wait for each other needlessly; they are never mixed up.
     */
    static long lockKey(TableDefinition table, RowImage image) {
        long hash = 0xcbf29ce484222325L;
        StringBuilder text = new StringBuilder(table.name());
        for (String column : table.primaryKey()) {
            Object value = RowImage.normalize(image.get(column));
            text.append('\u0000').append(value instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(value));
        }
        for (byte b : text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return Math.floorMod(hash, LOCK_SLOTS) + 0x5b5b_0000L; // an id range of our own, apart from small application lock ids
    }

    /** A delete of {@code rows} rows by primary key. */
    static String deleteByKeys(Dialect dialect, TableDefinition table, String physicalTable, int rows) {
        List<String> key = table.primaryKey();
        String tuple = key.size() == 1 ? "?" : "(" + key.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        String column = key.size() == 1 ? dialect.quote(key.get(0)) : "(" + dialect.quoteAll(key) + ")";
        return "DELETE FROM " + dialect.quote(physicalTable) + " WHERE " + column + " IN ("
                + String.join(", ", java.util.Collections.nCopies(rows, tuple)) + ")";
    }
}
