package io.shardbridge.bridge.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.concurrent.ManualTicker;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationUnitConfig;
import io.shardbridge.config.MirrorFailurePolicy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fence and contact timeouts of a unit, on a clock the test moves (no database, no sleeping). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a timed loop whose clock never moves spins: fail it, do not hang
class UnitStateTest {
    private static final Duration FENCE_TIMEOUT = Duration.ofSeconds(5);

    private final ManualTicker clock = new ManualTicker();
    private final UnitState unit = new UnitState(new MigrationUnitConfig("billing", List.of("invoice"), MigrationPhase.DUAL_WRITE, 0,
            new MigrationUnitConfig.DualWriteSettings(MirrorFailurePolicy.RECORD_FOR_REPAIR, Duration.ofSeconds(2), 5, Duration.ofSeconds(5),
                    FENCE_TIMEOUT)), Map.of(), clock);

    @Test
    void aTransactionPinsThePhaseItEnteredWith() throws Exception {
        assertThat(unit.enter()).isEqualTo(MigrationPhase.DUAL_WRITE);
        unit.exit();
        unit.moveTo(MigrationPhase.SHADOW, (from, to) -> { });
        assertThat(unit.enter()).isEqualTo(MigrationPhase.SHADOW);
        unit.exit();
        assertThat(clock.slept()).as("nothing in flight: no waiting").isEqualTo(Duration.ZERO);
    }

    @Test
    void aTransactionWaitsForAHeldFenceTwiceTheFenceTimeoutThenIsToldToRetry() throws Exception {
        assertThat(unit.holdFence(7, 0)).isTrue();
        assertThatThrownBy(unit::enter).isInstanceOf(SQLException.class)
                .hasMessageContaining("did not let new transactions in within 10000 ms")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("40001");
        assertThat(clock.slept()).as("the move gives up after one fence timeout; a writer waits two").isEqualTo(FENCE_TIMEOUT.multipliedBy(2));
        unit.releaseFence();
        assertThat(unit.enter()).isEqualTo(MigrationPhase.DUAL_WRITE);
    }

    @Test
    void aMoveThatCannotDrainIsAbandonedAfterTheFenceTimeoutAndTheUnitStaysWhereItWas() throws Exception {
        unit.enter(); // a long transaction
        assertThatThrownBy(() -> unit.moveTo(MigrationPhase.SHADOW, (from, to) -> { })).isInstanceOf(SQLException.class)
                .hasMessageContaining("1 transaction(s) still running after 5000 ms");
        assertThat(clock.slept()).isEqualTo(FENCE_TIMEOUT);
        assertThat(unit.phase()).isEqualTo(MigrationPhase.DUAL_WRITE);
        assertThat(unit.enter()).as("the fence is open again").isEqualTo(MigrationPhase.DUAL_WRITE);
    }

    @Test
    void adoptingAPhaseWaitsForInFlightTransactionsAtMostItsTimeout() throws Exception {
        unit.enter();
        assertThat(unit.adopt(MigrationPhase.SHADOW, 3, Duration.ofSeconds(2).toNanos())).isFalse();
        assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(2));
        assertThat(unit.phase()).isEqualTo(MigrationPhase.DUAL_WRITE);
        unit.exit();
        assertThat(unit.adopt(MigrationPhase.SHADOW, 3, Duration.ofSeconds(2).toNanos())).isTrue();
        assertThat(unit.phase()).isEqualTo(MigrationPhase.SHADOW);
        assertThat(unit.epoch()).isEqualTo(3);
    }

    @Test
    void transactionsAreRefusedOnceTheContactDeadlinePassed() throws Exception {
        unit.contactUntil(clock.nanoTime() + Duration.ofSeconds(1).toNanos());
        clock.advance(Duration.ofSeconds(1));
        assertThat(unit.enter()).as("up to the deadline itself").isEqualTo(MigrationPhase.DUAL_WRITE);
        unit.exit();
        clock.advance(Duration.ofNanos(1));
        assertThatThrownBy(unit::enter).isInstanceOf(SQLException.class).hasMessageContaining("lost contact with the control store")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55000");
        unit.contactUntil(0); // not coordinated (the agent left): no deadline
        assertThat(unit.enter()).isEqualTo(MigrationPhase.DUAL_WRITE);
    }

    @Test
    void aTransactionWaitingAtTheFenceStopsWaitingWhenContactIsLost() throws Exception {
        unit.contactUntil(clock.nanoTime() + Duration.ofSeconds(1).toNanos());
        assertThat(unit.holdFence(7, 0)).isTrue(); // held by a flip whose coordinator this instance no longer hears from
        assertThatThrownBy(unit::enter).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("55000");
        assertThat(clock.slept()).as("one waiting slice past the deadline, not the whole fence wait")
                .isGreaterThan(Duration.ofSeconds(1)).isLessThanOrEqualTo(Duration.ofMillis(1050));
    }
}
