package io.shardbridge.bridge.verify;

import io.shardbridge.config.Dialect;

class PostgresTypeFidelityIT extends TypeFidelityContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
