package io.shardbridge.bridge.verify;

import io.shardbridge.config.Dialect;

class MysqlTypeFidelityIT extends TypeFidelityContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
