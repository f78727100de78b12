package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.row.MirrorValues;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.ColumnDefinition;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sharding.shardingsphere.TransactionConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.stream.Collectors;

/**
 * Moves a row the target's UPDATE left in a physical table its new shard key does not belong to: deleted
 * there by primary key, inserted where the key puts it, both on the routing connection's own shard
 * connections, so the move commits or rolls back with the caller's transaction — across shards with
 * that transaction's two-phase commit, or refused at the second shard under
 * {@code target.cross-shard-transactions: refuse}. The row is still locked by the UPDATE that wrote it,
 * so nobody sees or writes it half-moved. The insert is a plain INSERT: a row with the same primary key
 * already in the destination is an error (23505 / 1062), never an overwrite.
 */
final class RowRelocation {
    private RowRelocation() {
    }

    /** Moves {@code image} out of {@code from} when its shard key belongs elsewhere; true when it moved. */
    static boolean relocate(Connection routing, Dialect dialect, TableDefinition table, ShardLayout layout, PhysicalTable from,
                            RowImage image) throws SQLException {
        PhysicalTable to = layout.locate(image.get(layout.rule().shardKey()));
        if (to.equals(from)) {
            return false;
        }
        String where = table.primaryKey().stream().map(c -> dialect.quote(c) + " = ?").collect(Collectors.joining(" AND "));
        try (PreparedStatement ps = TransactionConnections.physical(routing, from.shard())
                .prepareStatement("DELETE FROM " + dialect.quote(from.table()) + " WHERE " + where)) {
            int i = 1;
            for (String column : table.primaryKey()) {
                bind(ps, i++, image, dialect, table, table.column(column).orElseThrow());
            }
            ps.executeUpdate();
        }
        String columns = table.columns().stream().map(c -> dialect.quote(c.name())).collect(Collectors.joining(", "));
        String marks = table.columns().stream().map(c -> "?").collect(Collectors.joining(", "));
        try (PreparedStatement ps = TransactionConnections.physical(routing, to.shard())
                .prepareStatement("INSERT INTO " + dialect.quote(to.table()) + " (" + columns + ") VALUES (" + marks + ")")) {
            int i = 1;
            for (ColumnDefinition column : table.columns()) {
                bind(ps, i++, image, dialect, table, column);
            }
            ps.executeUpdate();
        }
        return true;
    }

    private static void bind(PreparedStatement ps, int index, RowImage image, Dialect dialect, TableDefinition table, ColumnDefinition column)
            throws SQLException {
        MirrorValues.bind(ps, index, image.get(column.name()), dialect, table.name(), column);
    }
}
