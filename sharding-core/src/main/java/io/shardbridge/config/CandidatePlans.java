package io.shardbridge.config;

import java.util.List;

/**
 * The shard plans an architect wants compared for one legacy table ({@code shardbridge plan-bench}).
 *
 * @param table the legacy table the plans shard
 * @param plans the candidates, in file order
 */
public record CandidatePlans(String table, List<Plan> plans) {
    public CandidatePlans {
        plans = List.copyOf(plans);
    }

    /**
     * One candidate: a shard rule as under {@code target.tables}, and how many shards it spreads over.
     *
     * @param name   the plan's name in the report
     * @param shards the shard count (the benchmark maps shard {@code i} onto configured shard {@code i mod n})
     * @param rule   shard key, tables per shard, algorithm and its settings
     */
    public record Plan(String name, int shards, TableRule rule) {
        public int physicalTables() {
            return shards * rule.tablesPerShard();
        }
    }
}
