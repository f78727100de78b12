package io.shardbridge.sharding.shardingsphere;

import com.zaxxer.hikari.HikariDataSource;
import io.shardbridge.config.TargetConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/**
 * Builds the ShardingSphere-JDBC DataSource for a target over its shards' pools, with our rules (the rule YAML
 * and the slot algorithm) on top. The target package assembles the rest.
 */
public final class ShardedDataSourceFactory {
    private ShardedDataSourceFactory() {
    }

    /** ShardingSphere's routing DataSource over {@code pools} (one per shard, in configuration order). */
    public static DataSource create(TargetConfig target, Map<String, HikariDataSource> pools) throws SQLException, IOException {
        String yaml = ShardingRuleYaml.render(target);
        return YamlShardingSphereDataSourceFactory.createDataSource(new LinkedHashMap<>(pools), yaml.getBytes(StandardCharsets.UTF_8));
    }
}
