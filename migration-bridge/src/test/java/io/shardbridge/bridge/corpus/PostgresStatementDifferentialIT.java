package io.shardbridge.bridge.corpus;

import io.shardbridge.config.Dialect;

class PostgresStatementDifferentialIT extends StatementDifferentialContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
