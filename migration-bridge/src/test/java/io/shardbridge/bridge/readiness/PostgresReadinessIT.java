package io.shardbridge.bridge.readiness;

import io.shardbridge.config.Dialect;

class PostgresReadinessIT extends ReadinessContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
