package io.shardbridge.bridge.jdbc;

import io.shardbridge.config.Dialect;

class MysqlBridgeJdbcIT extends BridgeJdbcContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
