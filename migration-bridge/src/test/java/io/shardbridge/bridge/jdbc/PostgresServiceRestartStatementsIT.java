package io.shardbridge.bridge.jdbc;

import io.shardbridge.config.Dialect;

class PostgresServiceRestartStatementsIT extends ServiceRestartStatementsContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
