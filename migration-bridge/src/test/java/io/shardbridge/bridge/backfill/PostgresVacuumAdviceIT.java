package io.shardbridge.bridge.backfill;

import io.shardbridge.config.Dialect;

class PostgresVacuumAdviceIT extends VacuumAdviceContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
