package io.shardbridge.bridge.backfill;

import io.shardbridge.config.Dialect;

class MysqlVacuumAdviceIT extends VacuumAdviceContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
