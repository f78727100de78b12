package io.shardbridge.bridge.corpus;

import io.shardbridge.config.Dialect;

class MysqlStatementDifferentialIT extends StatementDifferentialContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
