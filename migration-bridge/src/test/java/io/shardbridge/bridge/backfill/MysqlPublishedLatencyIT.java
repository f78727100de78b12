package io.shardbridge.bridge.backfill;

import io.shardbridge.config.Dialect;

class MysqlPublishedLatencyIT extends PublishedLatencyContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
