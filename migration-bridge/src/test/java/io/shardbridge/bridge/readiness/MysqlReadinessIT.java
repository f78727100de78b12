package io.shardbridge.bridge.readiness;

import io.shardbridge.config.Dialect;

class MysqlReadinessIT extends ReadinessContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
