package io.shardbridge.bridge.catchup;

import io.shardbridge.config.Dialect;

class MysqlLogicalCaptureIT extends LogicalCaptureContract {
    @Override
    protected Dialect dialect() {
        return Dialect.MYSQL;
    }
}
