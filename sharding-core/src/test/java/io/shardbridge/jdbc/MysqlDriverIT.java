package io.shardbridge.jdbc;

import io.shardbridge.config.Dialect;

class MysqlDriverIT extends DriverContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
