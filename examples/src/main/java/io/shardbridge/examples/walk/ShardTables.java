package io.shardbridge.examples.walk;

import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The operator's {@code shardbridge schema}, for a service's tests: physical tables on the shards from the legacy catalog. */
public final class ShardTables {
    private ShardTables() {
    }

    /**
     * @param targetYaml the {@code target:} section (shards and tables)
     * @param tables     the legacy tables to provision
     */
    public static void provision(String legacyUrl, String user, String password, String targetYaml, String... tables) throws SQLException {
        var config = ShardbridgeConfigLoader.parse(targetYaml, "shards.yaml");
        try (ShardPools pools = ShardPools.open(config.target()); Connection legacy = DriverManager.getConnection(legacyUrl, user, password)) {
            List<TableDefinition> definitions = new ArrayList<>();
            for (String table : tables) {
                definitions.add(PostgresCatalogReader.read(legacy, "public", table));
            }
            new SchemaProvisioner(config.target(), pools.byShard()).provision(definitions);
        }
    }
}
