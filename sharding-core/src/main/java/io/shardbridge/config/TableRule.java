package io.shardbridge.config;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * How one logical table is spread over the shards: {@code tablesPerShard} physical tables
 * {@code name_0..name_{n-1}} in every shard, chosen by {@code algorithm} from the {@code shardKey} value.
 *
 * @param boundaries     ascending split points, only for {@link ShardAlgorithm#RANGE}
 * @param intervalStart  first day of interval 0, only for {@link ShardAlgorithm#INTERVAL}
 * @param intervalUnit   length unit of one interval, only for {@link ShardAlgorithm#INTERVAL}
 * @param intervalAmount units per interval, only for {@link ShardAlgorithm#INTERVAL}
 * @param generatedKey   column filled by a Snowflake id when the statement does not supply it
 * @param columnTypes    per-column overrides of how a MySQL shard holds a PostgreSQL type ({@code column-types: { tags: json }}):
 *                       column name → {@code json} or {@code text}; PostgreSQL shards keep every type as it is
 */
public record TableRule(
        String name,
        String shardKey,
        int tablesPerShard,
        ShardAlgorithm algorithm,
        List<BigDecimal> boundaries,
        LocalDate intervalStart,
        IntervalUnit intervalUnit,
        int intervalAmount,
        Optional<String> generatedKey,
        java.util.Map<String, String> columnTypes) {

    public TableRule {
        boundaries = List.copyOf(boundaries);
        columnTypes = java.util.Map.copyOf(columnTypes);
    }

    /** A rule without column-type overrides. */
    public TableRule(String name, String shardKey, int tablesPerShard, ShardAlgorithm algorithm, List<BigDecimal> boundaries,
                     LocalDate intervalStart, IntervalUnit intervalUnit, int intervalAmount, Optional<String> generatedKey) {
        this(name, shardKey, tablesPerShard, algorithm, boundaries, intervalStart, intervalUnit, intervalAmount, generatedKey, java.util.Map.of());
    }

    /** The override {@code column-types} gives this column ({@code json}, {@code text}), if any. */
    public Optional<String> columnType(String column) {
        return Optional.ofNullable(columnTypes.get(column));
    }

    /** Physical table name of table index {@code i} within a shard. */
    public String physicalTable(int i) {
        return name + "_" + i;
    }

    /** True when two rules place equal key values on the same physical slot (binding tables need this). */
    public boolean sameLayoutAs(TableRule other) {
        return tablesPerShard == other.tablesPerShard && algorithm == other.algorithm
                && boundaries.equals(other.boundaries) && java.util.Objects.equals(intervalStart, other.intervalStart)
                && intervalUnit == other.intervalUnit && intervalAmount == other.intervalAmount;
    }
}
