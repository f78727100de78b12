package io.shardbridge.sharding.shardingsphere;

import io.shardbridge.config.TableRule;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.ShardLayout;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link TargetConfig} as ShardingSphere-JDBC rule YAML. Global rules and props are
 * top-level keys (inside {@code rules:} ShardingSphere silently drops them), and a {@code !SINGLE}
 * rule lets tables that are neither sharded nor broadcast resolve to the first shard.
 */
final class ShardingRuleYaml {
    static final String DATABASE_NAME = "shardbridge";

    private ShardingRuleYaml() {
    }

    static String render(TargetConfig target) {
        List<String> shards = target.shardNames();
        StringBuilder y = new StringBuilder();
        y.append("databaseName: ").append(DATABASE_NAME).append("\n");
        // metadata lives in this process only: a map instead of ShardingSphere's default embedded H2 (start-up time)
        y.append("mode:\n  type: Standalone\n  repository:\n    type: ").append(InMemoryRepository.TYPE).append("\n");
        y.append("rules:\n");
        if (!target.tables().isEmpty()) {
            y.append("- !SHARDING\n");
            y.append("  tables:\n");
            for (TableRule rule : target.tables().values()) {
                appendTable(y, rule, shards);
            }
            if (!target.bindingGroups().isEmpty()) {
                y.append("  bindingTables:\n");
                for (List<String> group : target.bindingGroups()) {
                    y.append("    - ").append(quote(String.join(",", group))).append('\n');
                }
            }
            y.append("  shardingAlgorithms:\n");
            for (TableRule rule : target.tables().values()) {
                appendAlgorithm(y, rule, shards, "database");
                appendAlgorithm(y, rule, shards, "table");
            }
            if (target.tables().values().stream().anyMatch(r -> r.generatedKey().isPresent())) {
                y.append("  keyGenerators:\n");
                y.append("    snowflake:\n");
                y.append("      type: SNOWFLAKE\n");
            }
        }
        if (!target.broadcastTables().isEmpty()) {
            y.append("- !BROADCAST\n");
            y.append("  tables:\n");
            target.broadcastTables().forEach(t -> y.append("    - ").append(t).append('\n'));
        }
        y.append("- !SINGLE\n");
        y.append("  tables:\n");
        y.append("    - \"*.*\"\n");
        y.append("  defaultDataSource: ").append(shards.get(0)).append('\n');
        y.append("props:\n");
        y.append("  sql-show: false\n");
        y.append("  check-table-metadata-enabled: false\n");
        // pg_catalog / information_schema models built from YAML at start-up: a quarter of it, unused by routing
        y.append("  system-schema-metadata-assembly-enabled: false\n");
        if (target.sqlDialect() != target.dialect()) {
            // The service's SQL is parsed as what it is (PostgreSQL), then sent to the shards unchanged (DESIGN §9).
            y.append("  proxy-frontend-database-protocol-type: ").append(target.sqlDialect().shardingSphereName()).append('\n');
        }
        return y.toString();
    }

    private static void appendTable(StringBuilder y, TableRule rule, List<String> shards) {
        String nodes = new ShardLayout(rule, shards).physicalTables().stream()
                .map(Object::toString).collect(Collectors.joining(","));
        y.append("    ").append(rule.name()).append(":\n");
        // <LITERAL>: the nodes are listed, not an inline expression, so ShardingSphere needs no Groovy to read them (start-up time)
        y.append("      actualDataNodes: ").append(quote("<LITERAL>" + nodes)).append('\n');
        y.append("      databaseStrategy:\n");
        y.append("        standard:\n");
        y.append("          shardingColumn: ").append(rule.shardKey()).append('\n');
        y.append("          shardingAlgorithmName: ").append(algorithmName(rule, "database")).append('\n');
        y.append("      tableStrategy:\n");
        y.append("        standard:\n");
        y.append("          shardingColumn: ").append(rule.shardKey()).append('\n');
        y.append("          shardingAlgorithmName: ").append(algorithmName(rule, "table")).append('\n');
        rule.generatedKey().ifPresent(column -> {
            y.append("      keyGenerateStrategy:\n");
            y.append("        column: ").append(column).append('\n');
            y.append("        keyGeneratorName: snowflake\n");
        });
    }

    private static void appendAlgorithm(StringBuilder y, TableRule rule, List<String> shards, String level) {
        y.append("    ").append(algorithmName(rule, level)).append(":\n");
        y.append("      type: ").append(SlotShardingAlgorithm.TYPE).append('\n');
        y.append("      props:\n");
        for (Map.Entry<String, String> prop : LayoutProperties.write(rule, shards, level).entrySet()) {
            y.append("        ").append(prop.getKey()).append(": ").append(quote(prop.getValue())).append('\n');
        }
    }

    static String algorithmName(TableRule rule, String level) {
        return rule.name() + "_" + level;
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

}
