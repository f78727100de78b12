package io.shardbridge.bridge.jdbc;

import io.shardbridge.config.Dialect;

class PostgresTransactionSemanticsIT extends TransactionSemanticsContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
