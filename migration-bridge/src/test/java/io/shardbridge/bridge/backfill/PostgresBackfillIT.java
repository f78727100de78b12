package io.shardbridge.bridge.backfill;

import io.shardbridge.config.Dialect;

class PostgresBackfillIT extends BackfillContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
