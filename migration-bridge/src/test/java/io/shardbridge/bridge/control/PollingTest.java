package io.shardbridge.bridge.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.concurrent.ManualTicker;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The coordinator's waits (fencing, converging), on a clock the test moves. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a timed loop whose clock never moves spins: fail it, do not hang
class PollingTest {
    private final ManualTicker clock = new ManualTicker();
    private final Polling polling = new Polling(clock, Duration.ofMillis(5));
    private final List<Duration> checkedAt = new ArrayList<>();
    private final long start = clock.nanoTime();

    private boolean never() {
        checkedAt.add(Duration.ofNanos(clock.nanosSince(start)));
        return false;
    }

    @Test
    void givesUpOnceTheTimeoutPassedHavingCheckedEveryPeriod() throws Exception {
        assertThat(polling.until(Duration.ofMillis(100), this::never)).isFalse();
        assertThat(checkedAt).hasSize(22).startsWith(Duration.ZERO, Duration.ofMillis(5)).endsWith(Duration.ofMillis(105));
        assertThat(clock.slept()).isEqualTo(Duration.ofMillis(105));
    }

    @Test
    void returnsAsSoonAsTheCheckHolds() throws Exception {
        assertThat(polling.until(Duration.ofSeconds(10), () -> clock.nanosSince(start) >= Duration.ofMillis(20).toNanos())).isTrue();
        assertThat(clock.slept()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aCheckThatHoldsWhenTheTimeRunsOutStillCounts() throws Exception {
        assertThat(polling.until(Duration.ZERO, () -> true)).isTrue();
        assertThat(polling.until(Duration.ZERO, () -> {
            clock.advance(Duration.ofSeconds(1)); // a slow read of the store
            return true;
        })).isTrue();
    }

    @Test
    void aSlowCheckIsNotRepeatedPastTheDeadline() throws Exception {
        int[] checks = {0};
        assertThat(polling.until(Duration.ofMillis(100), () -> {
            checks[0]++;
            clock.advance(Duration.ofMillis(150));
            return false;
        })).isFalse();
        assertThat(checks[0]).isEqualTo(1);
    }

    @Test
    void anInterruptedWaitEndsTheMoveAsRetryable() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> polling.until(Duration.ofSeconds(1), this::never)).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("40001");
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }
}
