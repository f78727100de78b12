package io.shardbridge.bridge.backfill;

import io.shardbridge.config.Dialect;

class PostgresPublishedLatencyIT extends PublishedLatencyContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
