package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses, before anything is written, the writes that assign a primary-key or shard-key column in a
 * shape whose rows cannot be followed to their new place: an upsert's {@code ON CONFLICT … DO UPDATE SET}
 * and an {@code UPDATE … FROM}. A plain UPDATE that assigns them is no longer refused: it moves its rows
 * ({@link KeyMoves}), with its old and new keys taken in the same statement as the write, so there is
 * no separate check that another transaction could slip past.
 */
public final class KeyChangeGuard {
    private KeyChangeGuard() {
    }

    public static void check(Connection auth, Dialect dialect, WriteRequest request) throws SQLException {
        TableDefinition table = request.table();
        List<String> guarded = new ArrayList<>(table.primaryKey());
        if (request.shardKey() != null && !guarded.contains(request.shardKey())) {
            guarded.add(request.shardKey());
        }
        for (String column : guarded) {
            if (request.shape().assignments().containsKey(column)
                    && (request.shape().kind() != StatementKind.UPDATE || request.shape().joinsOtherTables())) {
                throw new SQLFeatureNotSupportedException("table " + table.name() + " is migrating: key column " + column + " is assigned "
                        + "in an upsert or a joined UPDATE, whose rows cannot be followed to their new place (rows are mirrored and placed by "
                        + "their primary and shard keys). Assign it in a plain UPDATE " + table.name() + " SET " + column + " = … WHERE …, "
                        + "which moves the row. Nothing was written.", "0A000");
            }
        }
    }
}
