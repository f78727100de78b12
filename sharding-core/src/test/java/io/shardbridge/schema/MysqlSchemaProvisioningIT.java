package io.shardbridge.schema;

import io.shardbridge.config.Dialect;

class MysqlSchemaProvisioningIT extends SchemaProvisioningContract {
    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }
}
