package io.shardbridge.bridge.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.concurrent.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The intent janitor's back-off, on a clock the test moves. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a timed loop whose clock never moves spins: fail it, do not hang
class ClearRetryTest {
    private final ManualTicker clock = new ManualTicker();
    private final ClearRetry retry = new ClearRetry(clock, Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(10).toNanos());

    /** How long after a failure, now, the retry comes due (to the millisecond). */
    private Duration untilDue() {
        retry.failed();
        Duration waited = Duration.ZERO;
        while (!retry.due()) {
            clock.advance(Duration.ofMillis(1));
            waited = waited.plusMillis(1);
        }
        return waited;
    }

    @Test
    void theDelayDoublesWithEachFailureUpToTheLast() {
        assertThat(untilDue()).isEqualTo(Duration.ofSeconds(1));
        assertThat(untilDue()).isEqualTo(Duration.ofSeconds(2));
        assertThat(untilDue()).isEqualTo(Duration.ofSeconds(4));
        assertThat(untilDue()).isEqualTo(Duration.ofSeconds(8));
        assertThat(untilDue()).isEqualTo(Duration.ofSeconds(10));
        assertThat(untilDue()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRoundThatClearsEverythingStartsOverAtTheFirstDelay() {
        untilDue();
        untilDue();
        untilDue();
        retry.cleared();
        assertThat(untilDue()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aFailureWhileARetryIsPendingPushesTheRetryBack() {
        retry.failed();
        clock.advance(Duration.ofMillis(600));
        retry.failed(); // another batch failed meanwhile: the database is still away
        clock.advance(Duration.ofMillis(600));
        assertThat(retry.due()).as("1.2 s after the first failure, 0.6 s after the second").isFalse();
        clock.advance(Duration.ofMillis(1400));
        assertThat(retry.due()).isTrue();
    }

    @Test
    void nothingFailedMeansNothingToWaitFor() {
        assertThat(retry.due()).isTrue();
    }
}
