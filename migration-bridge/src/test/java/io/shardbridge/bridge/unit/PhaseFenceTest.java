package io.shardbridge.bridge.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PhaseFenceTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aMoveWaitsForTransactionsInFlightWhileNewOnesWait() throws Exception {
        PhaseFence fence = new PhaseFence();
        assertThat(fence.enter(SECOND)).isTrue();
        CompletableFuture<Boolean> move = CompletableFuture.supplyAsync(() -> {
            try {
                return fence.close(5 * SECOND);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertThat(move).isNotDone();
        assertThat(fence.enter(TimeUnit.MILLISECONDS.toNanos(50))).as("a new transaction waits while the fence is closed").isFalse();
        fence.exit(); // the transaction in flight ends (on any thread)
        assertThat(move.get(1, TimeUnit.SECONDS)).isTrue();
        fence.open();
        assertThat(fence.enter(SECOND)).isTrue();
        fence.exit();
    }

    @Test
    void aMoveThatCannotDrainGivesUpAndReopens() throws Exception {
        PhaseFence fence = new PhaseFence();
        assertThat(fence.enter(SECOND)).isTrue();
        assertThat(fence.close(TimeUnit.MILLISECONDS.toNanos(100))).isFalse();
        assertThat(fence.enter(SECOND)).as("reopened after the abandoned move").isTrue();
        assertThat(fence.active()).isEqualTo(2);
    }
}
