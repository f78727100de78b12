package io.shardbridge.bridge.catchup;

import io.shardbridge.config.Dialect;

class PostgresLogicalCaptureIT extends LogicalCaptureContract {
    @Override
    protected Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
