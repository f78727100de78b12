package io.shardbridge.sharding.shardingsphere;

import io.shardbridge.config.IntervalUnit;
import io.shardbridge.config.ShardAlgorithm;
import io.shardbridge.config.TableRule;
import io.shardbridge.sharding.ShardLayout;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Writes a {@link ShardLayout} into ShardingSphere algorithm properties and reads it back: ShardingSphere
 * instantiates algorithms itself from YAML, so the layout has to travel as text.
 */
final class LayoutProperties {
    static final String LEVEL = "level";
    private static final String TABLE = "table";
    private static final String ALGORITHM = "algorithm";
    private static final String SHARDS = "shards";
    private static final String TABLES_PER_SHARD = "tables-per-shard";
    private static final String BOUNDARIES = "boundaries";
    private static final String INTERVAL_START = "interval-start";
    private static final String INTERVAL_UNIT = "interval-unit";
    private static final String INTERVAL_AMOUNT = "interval-amount";

    private LayoutProperties() {
    }

    static Map<String, String> write(TableRule rule, List<String> shards, String level) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(LEVEL, level);
        props.put(TABLE, rule.name());
        props.put(ALGORITHM, rule.algorithm().name());
        props.put(SHARDS, String.join(",", shards));
        props.put(TABLES_PER_SHARD, Integer.toString(rule.tablesPerShard()));
        if (!rule.boundaries().isEmpty()) {
            props.put(BOUNDARIES, rule.boundaries().stream().map(BigDecimal::toPlainString).collect(Collectors.joining(",")));
        }
        if (rule.intervalStart() != null) {
            props.put(INTERVAL_START, rule.intervalStart().toString());
            props.put(INTERVAL_UNIT, rule.intervalUnit().name());
            props.put(INTERVAL_AMOUNT, Integer.toString(rule.intervalAmount()));
        }
        return props;
    }

    static ShardLayout read(Properties props) {
        String boundaries = props.getProperty(BOUNDARIES, "");
        String start = props.getProperty(INTERVAL_START);
        TableRule rule = new TableRule(props.getProperty(TABLE), "key",
                Integer.parseInt(props.getProperty(TABLES_PER_SHARD)),
                ShardAlgorithm.valueOf(props.getProperty(ALGORITHM)),
                boundaries.isEmpty() ? List.of() : Arrays.stream(boundaries.split(",")).map(BigDecimal::new).toList(),
                start == null ? null : LocalDate.parse(start),
                start == null ? null : IntervalUnit.valueOf(props.getProperty(INTERVAL_UNIT)),
                start == null ? 1 : Integer.parseInt(props.getProperty(INTERVAL_AMOUNT)),
                Optional.empty());
        return new ShardLayout(rule, List.of(props.getProperty(SHARDS).split(",")));
    }
}
