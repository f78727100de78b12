package io.shardbridge.schema;

import io.shardbridge.config.Dialect;

class PostgresSchemaProvisioningIT extends SchemaProvisioningContract {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
