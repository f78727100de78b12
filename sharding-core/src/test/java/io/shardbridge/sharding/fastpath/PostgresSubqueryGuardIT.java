package io.shardbridge.sharding.fastpath;

import io.shardbridge.config.Dialect;

class PostgresSubqueryGuardIT extends SubqueryGuardContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
