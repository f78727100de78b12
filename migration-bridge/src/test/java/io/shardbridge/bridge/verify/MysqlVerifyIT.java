package io.shardbridge.bridge.verify;

import io.shardbridge.config.Dialect;

class MysqlVerifyIT extends VerifyContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
