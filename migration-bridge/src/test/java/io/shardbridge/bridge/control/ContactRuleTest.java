package io.shardbridge.bridge.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.unit.MigrationUnits;
import io.shardbridge.bridge.unit.UnitControl;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.concurrent.ManualTicker;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationUnitConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent's contact rule: how long a heartbeat lets this instance take transactions, on a clock the test moves. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a timed loop whose clock never moves spins: fail it, do not hang
class ContactRuleTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration DEAD_AFTER = Duration.ofSeconds(3);

    private final ManualTicker clock = new ManualTicker();
    private final ContactRule rule = new ContactRule(INTERVAL, DEAD_AFTER);
    private final MigrationUnits units = new MigrationUnits(List.of(new MigrationUnitConfig("billing", List.of("invoice"), MigrationPhase.DUAL_WRITE, 0)),
            Map.of(), clock);
    private final UnitControl control = units.takeControl().named("billing").orElseThrow(); // as the agent holds it
    private final UnitState unit = units.named("billing").orElseThrow();

    @Test
    void aContactLetsTransactionsInForHalfTheDeadAfterTimeFromItsStart() throws Exception {
        long started = clock.nanoTime();
        clock.advance(Duration.ofMillis(700)); // a slow round trip to the store
        control.contactUntil(rule.contactUntil(started));
        clock.advance(Duration.ofMillis(800));
        assertThat(unit.enter()).as("1.5 s after the contact started").isEqualTo(MigrationPhase.DUAL_WRITE);
        unit.exit();
        clock.advance(Duration.ofNanos(1));
        assertThatThrownBy(unit::enter).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55000");
    }

    @Test
    void theOthersCountThisInstanceDeadOnlyAfterItStoppedTakingTransactions() {
        long heartbeat = clock.nanoTime(); // the heartbeat row is written after the contact started
        long refusesFrom = rule.contactUntil(heartbeat) + 1;
        long countedDeadAt = heartbeat + DEAD_AFTER.toNanos();
        assertThat(countedDeadAt - refusesFrom).as("the margin for in-flight transactions").isGreaterThanOrEqualTo(DEAD_AFTER.toNanos() / 2 - 1);
    }

    @Test
    void aTickNeedsATouchOnlyOnceItHasRunForOneInterval() {
        long tick = clock.nanoTime();
        assertThat(rule.tickRunsLong(tick, clock.nanoTime())).isFalse();
        clock.advance(INTERVAL.minusNanos(1));
        assertThat(rule.tickRunsLong(tick, clock.nanoTime())).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(rule.tickRunsLong(tick, clock.nanoTime())).isTrue();
        assertThat(rule.tickRunsLong(0, clock.nanoTime())).as("no tick running").isFalse();
    }
}
