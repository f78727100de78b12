package io.shardbridge.bridge.jdbc;

import io.shardbridge.config.Dialect;

class MysqlTransactionSemanticsIT extends TransactionSemanticsContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
