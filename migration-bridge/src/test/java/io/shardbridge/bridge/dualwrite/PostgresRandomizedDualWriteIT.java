package io.shardbridge.bridge.dualwrite;

import io.shardbridge.config.Dialect;

class PostgresRandomizedDualWriteIT extends RandomizedDualWriteContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
