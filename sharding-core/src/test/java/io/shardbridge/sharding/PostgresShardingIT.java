package io.shardbridge.sharding;

import io.shardbridge.config.Dialect;

class PostgresShardingIT extends ShardingContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
