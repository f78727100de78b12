package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.bridge.jdbc.RoutedStatement.Mode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs an INSERT whose sequence keys shardbridge filled ({@link io.shardbridge.bridge.keys.KeyFilling})
 * where nothing is captured (TARGET_ONLY): one physical prepared statement per caller statement, kept
 * while the filled text, the connection and the keys request stay the same (they do execution after
 * execution), so the router's prepared statement is reused as the caller's would be.
 */
final class FilledInserts {
    private PreparedStatement statement;
    private String sql;
    private Connection on;
    private KeysRequest keys;

    PreparedStatement prepare(Connection physical, String filledSql, KeysRequest keysRequest, int type, int concurrency) throws SQLException {
        if (statement != null && !statement.isClosed() && on == physical && filledSql.equals(sql) && keysRequest.equals(keys)) {
            statement.clearParameters();
            return statement;
        }
        close();
        statement = PhysicalStatements.prepare(physical, filledSql, keysRequest, type, concurrency, -1);
        sql = filledSql;
        on = physical;
        keys = keysRequest;
        return statement;
    }

    static Object run(PreparedStatement ps, Mode mode, List<StatementParameters> sets, boolean isBatch) throws SQLException {
        if (isBatch) {
            for (StatementParameters set : sets) {
                set.bindAll(ps);
                ps.addBatch();
            }
            return RoutedStatement.toLongs(ps.executeBatch());
        }
        sets.get(0).bindAll(ps);
        return switch (mode) {
            case QUERY -> (ResultSet) ps.executeQuery();
            case UPDATE -> (long) ps.executeUpdate(); // ShardingSphere has no executeLargeUpdate
            case EXECUTE -> ps.execute();
        };
    }

    void close() throws SQLException {
        if (statement != null) {
            PreparedStatement closing = statement;
            statement = null;
            closing.close();
        }
    }
}
