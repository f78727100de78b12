package io.shardbridge.bridge.dualwrite;

import io.shardbridge.config.Dialect;

class MysqlRandomizedDualWriteIT extends RandomizedDualWriteContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
