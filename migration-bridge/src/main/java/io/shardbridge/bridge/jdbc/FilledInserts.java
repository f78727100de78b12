package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.bridge.capture.StatementParameters;
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
    private final PhysicalStatements<PreparedStatement> statements;

    FilledInserts(int type, int concurrency) {
        this.statements = new PhysicalStatements<>((c, sql, keys) -> PhysicalStatements.prepare(c, sql, keys, type, concurrency, -1));
    }

    PreparedStatement prepare(Route route, String filledSql, KeysRequest keysRequest) throws SQLException {
        PreparedStatement statement = statements.on(route.side(), route.physical(), filledSql, keysRequest);
        statement.clearParameters(); // the values of the last execution: each run binds its own
        return statement;
    }

    static Object run(PreparedStatement ps, ResultMode mode, List<StatementParameters> sets, boolean isBatch) throws SQLException {
        if (isBatch) {
            for (StatementParameters set : sets) {
                set.bindAll(ps);
                ps.addBatch();
            }
            return UpdateCounts.toLongs(ps.executeBatch());
        }
        sets.get(0).bindAll(ps);
        return switch (mode) {
            case QUERY -> (ResultSet) ps.executeQuery();
            case UPDATE -> (long) ps.executeUpdate(); // ShardingSphere has no executeLargeUpdate
            case EXECUTE -> ps.execute();
        };
    }

    void close() throws SQLException {
        statements.close();
    }
}
