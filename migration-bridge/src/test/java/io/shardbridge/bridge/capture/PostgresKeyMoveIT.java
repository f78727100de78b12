package io.shardbridge.bridge.capture;

import io.shardbridge.config.Dialect;

class PostgresKeyMoveIT extends KeyMoveContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
