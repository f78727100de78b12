package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.KeysRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Prepares a statement on a physical connection the way the caller asked for it. */
final class PhysicalStatements {
    private PhysicalStatements() {
    }

    static PreparedStatement prepare(Connection c, String sql, KeysRequest keys, int type, int concurrency, int holdability) throws SQLException {
        if (keys.all()) {
            return c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
        }
        if (!keys.columns().isEmpty()) {
            return c.prepareStatement(sql, keys.columns().toArray(String[]::new));
        }
        return holdability < 0 ? c.prepareStatement(sql, type, concurrency) : c.prepareStatement(sql, type, concurrency, holdability);
    }
}
