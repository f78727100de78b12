package io.shardbridge.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.concurrent.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceLatencyTest {
    private final ManualTicker clock = new ManualTicker();
    private final ServiceLatency latency = new ServiceLatency(clock);

    private void writes(int count, long nanos) {
        for (int i = 0; i < count; i++) {
            clock.advance(Duration.ofMillis(1));
            latency.record(nanos);
        }
    }

    @Test
    void saysNothingUntilItHasSettled() {
        writes(49, 500_000);
        assertThat(latency.ratio()).isEqualTo(1.0);
    }

    @Test
    void risesWhenWritesSlowDownAndFallsWhenTheyRecover() {
        writes(200, 500_000);
        assertThat(latency.ratio()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        writes(20, 2_000_000);
        assertThat(latency.ratio()).isGreaterThan(3.5);
        writes(40, 500_000);
        assertThat(latency.ratio()).isLessThan(1.1);
    }

    @Test
    void aLongSlowPeriodDoesNotBecomeTheBaseline() {
        writes(200, 500_000);
        writes(2000, 2_000_000);
        assertThat(latency.ratio()).isGreaterThan(3.5);
    }

    @Test
    void anIdleServiceIsNotSlowedByAnything() {
        writes(200, 500_000);
        writes(20, 5_000_000);
        clock.advance(Duration.ofSeconds(6));
        assertThat(latency.ratio()).isEqualTo(1.0);
    }

    @Test
    void itsReadingIsKnownOnlyWhileTheRatioMeansSomething() {
        writes(49, 500_000);
        assertThat(latency.reading().known()).isFalse();
        writes(200, 500_000);
        writes(20, 2_000_000);
        ServiceLatency.Reading reading = latency.reading();
        assertThat(reading.known()).isTrue();
        assertThat(reading.baselineNanos()).isEqualTo(500_000);
        assertThat(reading.ratio()).isEqualTo((double) reading.currentNanos() / reading.baselineNanos(), org.assertj.core.data.Offset.offset(0.01));
        clock.advance(Duration.ofSeconds(6));
        assertThat(latency.reading()).isEqualTo(ServiceLatency.Reading.UNKNOWN);
    }
}
