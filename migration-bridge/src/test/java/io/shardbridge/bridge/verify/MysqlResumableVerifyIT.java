package io.shardbridge.bridge.verify;

import io.shardbridge.config.Dialect;

class MysqlResumableVerifyIT extends ResumableVerifyContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
