package io.shardbridge.sharding.tx;

import io.shardbridge.config.Dialect;
import io.shardbridge.target.ShardedTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

class MysqlCrossShardTransactionIT extends CrossShardTransactionContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }

    /** InnoDB fails no COMMIT on its own, so the shard's session is killed: its next step fails with the connector's error. */
    @Override
    void breakCommitOn(Connection routing, String shard, ShardedTarget target) throws SQLException {
        sessionKiller(routing, shard, target).run();
    }

    @Override
    Runnable sessionKiller(Connection routing, String shard, ShardedTarget target) throws SQLException {
        long id;
        try (Statement st = shardConnection(routing, shard).createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            id = rs.getLong(1);
        }
        return () -> {
            try (Connection admin = target.shardDataSources().get(shard).getConnection(); Statement st = admin.createStatement()) {
                st.execute("KILL CONNECTION " + id);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Override
    String expectedCommitFailureState() {
        return "08000"; // MariaDB Connector/J's own error for the killed session, as it reaches a direct caller
    }
}
