package io.shardbridge.bridge.verify;

import io.shardbridge.config.Dialect;

class PostgresResumableVerifyIT extends ResumableVerifyContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
