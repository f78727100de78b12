package io.shardbridge.sharding.fastpath;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sql.ParsedStatements;
import io.shardbridge.testing.TestTargets;
import org.junit.jupiter.api.Test;

/** The fast-path planner and the subquery guard read one parse of a text, not one each. */
class ParseSharingTest {
    @Test
    void thePlannerAndTheGuardShareOneParsePerText() {
        TargetConfig target = TestTargets.config(Dialect.POSTGRESQL).target();
        ParsedStatements parsed = new ParsedStatements(100);
        SingleShardPlanner planner = new SingleShardPlanner(target, 100, parsed);
        SubqueryGuard guard = new SubqueryGuard(target, 100, parsed);
        String sql = "SELECT * FROM orders WHERE user_id = ? AND order_id IN (SELECT order_id FROM order_item WHERE user_id = ?)";

        assertThat(planner.plan(sql)).isEmpty();
        assertThat(guard.verdict(sql)).isInstanceOf(SubqueryGuard.SameSlot.class);
        assertThat(parsed.size()).isEqualTo(1);

        String single = "SELECT status FROM orders WHERE user_id = ?";
        assertThat(planner.plan(single)).isPresent();
        assertThat(guard.verdict(single)).isInstanceOf(SubqueryGuard.Safe.class);
        assertThat(parsed.size()).isEqualTo(2);
    }
}
