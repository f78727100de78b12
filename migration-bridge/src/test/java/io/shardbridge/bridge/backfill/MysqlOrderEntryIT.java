package io.shardbridge.bridge.backfill;

import io.shardbridge.config.Dialect;

class MysqlOrderEntryIT extends OrderEntryContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
