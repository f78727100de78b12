package io.shardbridge.bridge.backfill;

import io.shardbridge.config.Dialect;

class PostgresOrderEntryIT extends OrderEntryContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
