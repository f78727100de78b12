package io.shardbridge.sharding.shardingsphere;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.shardingsphere.driver.jdbc.core.connection.ShardingSphereConnection;
import org.apache.shardingsphere.infra.algorithm.core.context.AlgorithmSQLContext;
import org.apache.shardingsphere.sharding.rule.ShardingRule;

/**
 * A key from the generator ShardingSphere itself uses for a table's {@code key-generate} column. It is
 * looked up on every call, through the routing connection's current metadata: ShardingSphere rebuilds its
 * rules (and generator objects) when its metadata changes, and a Snowflake generator is unique only as
 * one object, so the fast path must never keep an old one.
 */
public final class GeneratedKeys {
    private GeneratedKeys() {
    }

    public static Comparable<?> next(Connection routing, String table, String column) throws SQLException {
        ShardingSphereConnection connection = routing.unwrap(ShardingSphereConnection.class);
        ShardingRule rule = connection.getContextManager().getMetaDataContexts().getMetaData().getDatabase(ShardingRuleYaml.DATABASE_NAME)
                .getRuleMetaData().getSingleRule(ShardingRule.class);
        return rule.generateKeys(new AlgorithmSQLContext(ShardingRuleYaml.DATABASE_NAME, null, table, column), 1).iterator().next();
    }
}
