package io.shardbridge.sharding.fastpath;

import io.shardbridge.config.Dialect;

class MysqlFastPathDifferentialIT extends FastPathDifferentialContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
