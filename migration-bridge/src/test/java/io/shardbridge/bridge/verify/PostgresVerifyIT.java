package io.shardbridge.bridge.verify;

import io.shardbridge.config.Dialect;

class PostgresVerifyIT extends VerifyContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
