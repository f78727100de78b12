package io.shardbridge.sharding.fastpath;

import io.shardbridge.config.Dialect;

class MysqlSubqueryGuardIT extends SubqueryGuardContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
