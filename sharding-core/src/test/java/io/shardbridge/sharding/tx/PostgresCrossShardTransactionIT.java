package io.shardbridge.sharding.tx;

import io.shardbridge.config.Dialect;
import io.shardbridge.target.ShardedTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

class PostgresCrossShardTransactionIT extends CrossShardTransactionContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    /**
     * A write skew under SERIALIZABLE on the shard: the transaction reads account 2101, another writes 2101
     * after reading 2100 (which the transaction wrote) and commits first; PostgreSQL then fails the
     * transaction's COMMIT (or PREPARE) on that shard with 40001.
     */
    @Override
    void breakCommitOn(Connection routing, String shard, ShardedTarget target) throws SQLException {
        balance(routing, 2101);
        try (Connection other = target.dataSource().getConnection()) {
            other.setAutoCommit(false);
            other.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            balance(other, 2100);
            update(other, 2101, "1.00");
            other.commit();
        }
    }

    @Override
    Runnable sessionKiller(Connection routing, String shard, ShardedTarget target) throws SQLException {
        int pid;
        try (Statement st = shardConnection(routing, shard).createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        return () -> {
            try (Connection admin = target.shardDataSources().get(shard).getConnection();
                 PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)");
                 PreparedStatement alive = admin.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
                kill.setInt(1, pid);
                kill.execute();
                alive.setInt(1, pid);
                for (int i = 0; i < 100; i++) { // pg_terminate_backend only signals; wait until the backend is gone
                    try (ResultSet rs = alive.executeQuery()) {
                        if (!rs.next()) {
                            return;
                        }
                    }
                    Thread.sleep(20);
                }
                throw new IllegalStateException("backend " + pid + " still alive");
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Override
    String expectedCommitFailureState() {
        return "40001";
    }
}
