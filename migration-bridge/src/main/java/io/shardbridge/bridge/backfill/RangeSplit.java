package io.shardbridge.bridge.backfill;

import io.shardbridge.bridge.row.RoutedNames;
import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.row.KeyCodec;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Splits a table's key space into ranges of about equal row counts for backfill workers: the keys at
 * the 1/n, 2/n, … points of the source's key order (an index walk per boundary). The ranges need not
 * be equal, only disjoint and covering, which any ascending list of keys gives.
 */
final class RangeSplit {
    private RangeSplit() {
    }

    /** Encoded, ascending, distinct boundary keys; empty for one range. */
    static List<String> boundaries(DataSource source, Dialect dialect, TableDefinition table, long estimatedRows, int ranges) throws SQLException {
        List<String> out = new ArrayList<>();
        if (ranges <= 1 || estimatedRows < ranges) {
            return out;
        }
        String sql = "SELECT " + RoutedNames.names(dialect, table.primaryKey()) + " FROM " + RoutedNames.name(dialect, table.name())
                + " ORDER BY " + RoutedNames.names(dialect, table.primaryKey()) + " LIMIT 1 OFFSET ?";
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i < ranges; i++) {
                ps.setLong(1, estimatedRows * i / ranges);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        RowImage key = RowImageReader.keyImage(rs, table, table.primaryKey(), dialect);
                        String encoded = KeyCodec.encode(key);
                        if (!out.contains(encoded)) {
                            out.add(encoded);
                        }
                    }
                }
            }
        }
        return out;
    }
}
