package io.shardbridge.bridge.catchup;

import io.shardbridge.config.Dialect;

class PostgresOutsideWritesIT extends OutsideWritesContract {
    @Override
    protected Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
