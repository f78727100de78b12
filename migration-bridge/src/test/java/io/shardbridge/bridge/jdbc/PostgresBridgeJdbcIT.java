package io.shardbridge.bridge.jdbc;

import io.shardbridge.config.Dialect;

class PostgresBridgeJdbcIT extends BridgeJdbcContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
