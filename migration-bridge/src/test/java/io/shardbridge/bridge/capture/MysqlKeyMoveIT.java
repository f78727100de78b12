package io.shardbridge.bridge.capture;

import io.shardbridge.config.Dialect;

class MysqlKeyMoveIT extends KeyMoveContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
