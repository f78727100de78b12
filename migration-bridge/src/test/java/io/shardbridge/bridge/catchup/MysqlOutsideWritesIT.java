package io.shardbridge.bridge.catchup;

import io.shardbridge.config.Dialect;

class MysqlOutsideWritesIT extends OutsideWritesContract {
    @Override
    protected Dialect dialect() {
        return Dialect.MYSQL;
    }
}
