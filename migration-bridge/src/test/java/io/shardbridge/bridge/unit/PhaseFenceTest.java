package io.shardbridge.bridge.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.concurrent.ManualTicker;
import io.shardbridge.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a timed loop whose clock never moves spins: fail it, do not hang
class PhaseFenceTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final ManualTicker clock = new ManualTicker();

    @Test
    void aMoveWaitsForTransactionsInFlightWhileNewOnesWait() throws Exception {
        PhaseFence fence = new PhaseFence(Ticker.system()); // a real wait, ended by the exit's notify
        assertThat(fence.enter(SECOND)).isTrue();
        AtomicBoolean drained = new AtomicBoolean();
        Thread move = new Thread(() -> {
            try {
                drained.set(fence.close(60 * SECOND));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        move.start();
        while (move.getState() != Thread.State.TIMED_WAITING) { // closed, and waiting for the transaction in flight
            Thread.onSpinWait();
        }
        assertThat(fence.enter(0)).as("a new transaction waits while the fence is closed").isFalse();
        fence.exit(); // the transaction in flight ends (on any thread)
        move.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(drained).isTrue();
        fence.open();
        assertThat(fence.enter(SECOND)).isTrue();
        fence.exit();
    }

    @Test
    void aMoveThatCannotDrainGivesUpAfterItsTimeoutAndReopens() throws Exception {
        PhaseFence fence = new PhaseFence(clock);
        assertThat(fence.enter(SECOND)).isTrue();
        assertThat(fence.close(3 * SECOND)).isFalse();
        assertThat(clock.slept()).as("it waited its whole timeout, no less").isEqualTo(Duration.ofSeconds(3));
        assertThat(fence.enter(0)).as("reopened after the abandoned move").isTrue();
        assertThat(fence.active()).isEqualTo(2);
    }

    @Test
    void aNewTransactionWaitsForAClosedFenceAtMostItsTimeout() throws Exception {
        PhaseFence fence = new PhaseFence(clock);
        assertThat(fence.close(SECOND)).as("nothing in flight: drained at once").isTrue();
        assertThat(clock.slept()).isEqualTo(Duration.ZERO);
        assertThat(fence.enter(2 * SECOND)).isFalse();
        assertThat(clock.slept()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fence.active()).as("a transaction that gave up is not counted").isZero();
        fence.open();
        assertThat(fence.enter(0)).isTrue();
    }
}
