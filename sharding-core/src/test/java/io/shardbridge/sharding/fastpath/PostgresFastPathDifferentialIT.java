package io.shardbridge.sharding.fastpath;

import io.shardbridge.config.Dialect;

class PostgresFastPathDifferentialIT extends FastPathDifferentialContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
