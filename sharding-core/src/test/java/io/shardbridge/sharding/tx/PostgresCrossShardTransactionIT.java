package io.shardbridge.sharding.tx;

import io.shardbridge.config.Dialect;
import io.shardbridge.sharding.ShardedTarget;
import java.sql.Connection;
import java.sql.SQLException;

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
    String expectedCommitFailureState() {
        return "40001";
    }
}
