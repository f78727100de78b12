package io.shardbridge.bridge.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The shared key allocator (DESIGN §5, "keys once the target is authoritative"): one sequence space
 * per sequence-filled column, shared by legacy and every shard, handed out in blocks.
 *
 * <p><b>State.</b> One row per (unit, table, column) in the control store, {@code shardbridge_key_sequence}
 * (created with the control store's other tables, {@code control.ControlSchema}),
 * holding {@code next_value}: no key at or above it has been handed to any instance. A block is
 * reserved by one {@code UPDATE … RETURNING} that raises {@code next_value} by the block size under
 * the row lock and returns the old and the new value ({@link #reserve}); the reservation commits before any key of the
 * block is used. An instance keeps at most one block per column in memory and hands out its keys in
 * order.
 *
 * <p><b>Why no key is issued twice.</b>
 * <ol>
 * <li>Between instances and processes: each reservation is a row-locked read-modify-write of
 * {@code next_value}, so the reserved ranges {@code [old, new)} are disjoint and {@code next_value}
 * only grows. A process that dies mid-block takes its unused keys with it: a gap, never a reuse,
 * because nothing ever lowers {@code next_value}.</li>
 * <li>Against legacy's own keys: the row is seeded ({@link #seedAbove}) with legacy's next unused key
 * — the sequence's value and the column's maximum, read while the authority flip's fence holds every
 * writer of the unit — and a seed only raises {@code next_value} ({@code greatest}). Legacy issues
 * nothing while the target is authoritative (its writes are mirror upserts that give the key). On the
 * way back, under the fence again, the legacy sequence is moved past the row's {@code next_value - 1}
 * ({@link KeyAuthority}), so legacy's next keys are above every key this allocator ever reserved,
 * whether used or not.</li>
 * <li>Against a block held across a round trip: a block is used only in the unit epoch it was
 * reserved in; any recorded phase move changes the epoch and drops it (unused keys become a gap), so
 * after a walk back and forth keys start above the legacy sequence at the newer flip.</li>
 * </ol>
 * Keys fit the column: the row's {@code max_value} is the smaller of the column type's and the
 * sequence's maximum, a block never extends past it, and an exhausted space is an error naming the
 * column, not a wrapped or oversized key.
 */
final class KeyAllocator {
    static final String TABLE = "shardbridge_key_sequence";

    private final DataSource control;
    private final SeedSource seeds;
    private final Map<String, Block> blocks = new HashMap<>();

    /** Where a column's first block starts when no flip seeded it (a unit configured straight into LIVE). */
    @FunctionalInterface
    public interface SeedSource {
        long nextUnused(SequenceColumn column) throws SQLException;
    }

    private static final class Block {
        long next;
        long end;
        long epoch;
    }

    public KeyAllocator(DataSource control, SeedSource seeds) {
        this.control = control;
        this.seeds = seeds;
    }

    /** Raises the column's space so that its next key is at least {@code next} (never lowers it); returns the next key. */
    public long seedAbove(String unit, SequenceColumn column, long next) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
                + " (unit_name, table_name, column_name, sequence_name, next_value, max_value) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (unit_name, table_name, column_name) DO UPDATE SET next_value = greatest(" + TABLE + ".next_value, EXCLUDED.next_value), "
                + "max_value = EXCLUDED.max_value, sequence_name = EXCLUDED.sequence_name, seeded_at = now() RETURNING next_value")) {
            c.setAutoCommit(true);
            ps.setString(1, unit);
            ps.setString(2, column.table());
            ps.setString(3, column.column());
            ps.setString(4, column.sequence());
            ps.setLong(5, next);
            ps.setLong(6, column.maxValue());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The column's next unreserved key, or empty when it was never seeded. */
    public OptionalLong nextUnreserved(String unit, SequenceColumn column) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT next_value FROM " + TABLE
                + " WHERE unit_name = ? AND table_name = ? AND column_name = ?")) {
            ps.setString(1, unit);
            ps.setString(2, column.table());
            ps.setString(3, column.column());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** One key for {@code column}, from this instance's block for the unit's current {@code epoch}. */
    public synchronized long next(String unit, SequenceColumn column, long epoch, int blockSize) throws SQLException {
        String id = unit + '\u0000' + column.qualified();
        Block block = blocks.get(id);
        if (block == null || block.epoch != epoch || block.next >= block.end) {
            long[] range = reserve(unit, column, blockSize);
            block = new Block();
            block.next = range[0];
            block.end = range[1];
            block.epoch = epoch;
            blocks.put(id, block);
        }
        return block.next++;
    }

    /** Drops this instance's blocks (unused keys become a gap), as a crashed process would lose them. */
    public synchronized void forgetBlocks() {
        blocks.clear();
    }

    /** Reserves {@code [start, end)} for this instance, committed before it returns. */
    long[] reserve(String unit, SequenceColumn column, int blockSize) throws SQLException {
        for (int attempt = 0; attempt < 3; attempt++) {
            // SET expressions read the row as it was before this UPDATE: reserved_from is the old next_value
            try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET reserved_from = "
                    + "next_value, next_value = least(next_value + ?, max_value + 1), reserved_at = now() WHERE unit_name = ? AND table_name = ? "
                    + "AND column_name = ? AND next_value <= max_value RETURNING reserved_from, next_value")) {
                c.setAutoCommit(true);
                ps.setLong(1, blockSize);
                ps.setString(2, unit);
                ps.setString(3, column.table());
                ps.setString(4, column.column());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new long[] {rs.getLong(1), rs.getLong(2)};
                    }
                }
            }
            long[] row = state(unit, column);
            if (row == null) {
                seedAbove(unit, column, seeds.nextUnused(column)); // never seeded by a flip: seed from legacy now, then reserve
            } else if (row[0] > row[1]) {
                throw exhausted(column, row[0]);
            } // else another instance seeded it between the UPDATE and this read: reserve again
        }
        throw new SQLException("the key space of " + column.qualified() + " could not be seeded in the control store", "55000");
    }

    /** {next_value, max_value} of the column's row, or null when it has none. */
    private long[] state(String unit, SequenceColumn column) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT next_value, max_value FROM " + TABLE
                + " WHERE unit_name = ? AND table_name = ? AND column_name = ?")) {
            ps.setString(1, unit);
            ps.setString(2, column.table());
            ps.setString(3, column.column());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
            }
        }
    }

    static SQLDataException exhausted(SequenceColumn column, long next) {
        return new SQLDataException("the key space of " + column.qualified() + " (sequence " + column.sequence() + ") is exhausted: its next key "
                + next + " is above the largest the column and its sequence accept (" + column.maxValue() + "). Widen the column "
                + "(ALTER TABLE " + column.table() + " ALTER COLUMN " + column.column() + " TYPE bigint, on legacy and every shard) and raise the "
                + "sequence's MAXVALUE; nothing was written.", "22003");
    }
}
