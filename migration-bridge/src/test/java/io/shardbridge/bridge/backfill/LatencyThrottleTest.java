package io.shardbridge.bridge.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyThrottleTest {
    private final LatencyThrottle throttle = new LatencyThrottle(2.0, Duration.ofSeconds(2), Duration.ofMillis(500));

    @Test
    void noPauseUpToTheFactor() {
        assertThat(throttle.pauseNanos(1.0)).isZero();
        assertThat(throttle.pauseNanos(2.0)).isZero();
        assertThat(throttle.pauseNanos(Double.NaN)).as("no signal").isZero();
    }

    @Test
    void aboveItOneChunkTargetPerBaselineOfExtraLatency() {
        assertThat(throttle.pauseNanos(2.5)).isEqualTo(Duration.ofMillis(750).toNanos());
        assertThat(throttle.pauseNanos(4.0)).isEqualTo(Duration.ofMillis(1500).toNanos());
    }

    @Test
    void neverLongerThanTheLongestPause() {
        assertThat(throttle.pauseNanos(40.0)).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(throttle.pauseNanos(Double.POSITIVE_INFINITY)).isEqualTo(Duration.ofSeconds(2).toNanos());
    }
}
