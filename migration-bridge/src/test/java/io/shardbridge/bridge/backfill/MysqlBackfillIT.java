package io.shardbridge.bridge.backfill;

import io.shardbridge.config.Dialect;

class MysqlBackfillIT extends BackfillContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
