package io.shardbridge.bridge.jdbc;

import io.shardbridge.config.Dialect;

class MysqlServiceRestartStatementsIT extends ServiceRestartStatementsContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
