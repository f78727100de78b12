package io.shardbridge.planbench;

import io.shardbridge.config.CandidatePlans;
import java.util.List;
import java.util.Map;

/**
 * Everything measured for one candidate plan.
 *
 * @param singleShardShare the workload's calls (by weight) that the plan keeps on one physical table
 * @param score            {@code singleShardShare × (1 / rows.maxOverMean) × placed rows / all rows}: 1.0 is every call
 *                         on one table, perfectly even tables and every row placeable; the report ranks by it (throughput is shown, not scored: on one
 *                         machine it measures the routing more than the hardware a plan would get)
 */
public record PlanResult(CandidatePlans.Plan plan, Skew rows, Skew bytes, long unplaceableRows, String whyUnplaceable, List<StatementRoute> statements,
                         double singleShardShare, Throughput replay, boolean shardsShareServers, double score) {

    /** How the plan routes one workload statement. */
    public record StatementRoute(String sql, double weight, boolean singleShard) {
    }

    /** The replay's measured window. */
    public record Throughput(long statements, double seconds, double perSecond, double p50Micros, double p95Micros, double p99Micros,
                             long errors, Map<String, String> firstErrors) {
    }
}
