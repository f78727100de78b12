package io.shardbridge.sharding;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.config.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class MysqlShardingIT extends ShardingContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }

    /**
     * A known limit of ShardingSphere 5.5.2 with PostgreSQL-parsed SQL on MySQL shards: a cross-shard
     * aggregate without an alias fails loudly (it never returns a wrong number). Documented in docs/sharding.md.
     */
    @Test
    void unaliasedCrossShardAggregateFailsLoudlyRatherThanWrongly() throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT COUNT(*) FROM orders").next())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("alias");
        }
    }
}
