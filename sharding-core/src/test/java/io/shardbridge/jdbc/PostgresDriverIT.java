package io.shardbridge.jdbc;

import io.shardbridge.config.Dialect;

class PostgresDriverIT extends DriverContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
