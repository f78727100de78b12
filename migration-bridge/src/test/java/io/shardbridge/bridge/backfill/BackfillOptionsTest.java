package io.shardbridge.bridge.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.concurrent.ManualTicker;
import io.shardbridge.concurrent.Ticker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackfillOptionsTest {
    private final BackfillOptions.Builder builder = BackfillOptions.builder();

    @Test
    void defaults() {
        BackfillOptions options = builder.build();
        assertThat(options.workers()).isEqualTo(1);
        assertThat(options.ranges()).isEqualTo(1);
        assertThat(options.chunkTarget()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.initialChunk()).isEqualTo(1000);
        assertThat(options.restart()).isFalse();
        assertThat(options.latencyBackoff()).isEqualTo(2.0);
        assertThat(options.maxPause()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.lockRetries()).isEqualTo(200);
        assertThat(options.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.ticker()).isSameAs(Ticker.system());
        Thread thread = options.threads().newThread(() -> { });
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).startsWith("shardbridge-backfill-");
    }

    @Test
    void rangesDefaultToOnePerWorker() {
        assertThat(builder.workers(4).build().ranges()).isEqualTo(4);
    }

    @Test
    void moreRangesThanWorkersInEitherOrder() {
        assertThat(BackfillOptions.builder().workers(3).ranges(12).build()).extracting(BackfillOptions::workers, BackfillOptions::ranges)
                .containsExactly(3, 12);
        assertThat(BackfillOptions.builder().ranges(12).workers(3).build()).extracting(BackfillOptions::workers, BackfillOptions::ranges)
                .containsExactly(3, 12);
    }

    @Test
    void fewerRangesThanWorkersIsRejectedByTheSecondSetterNamingBothAndTheFix() {
        assertThatThrownBy(() -> BackfillOptions.builder().workers(4).ranges(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ranges (2)").hasMessageContaining("workers (4)").hasMessageContaining("Set ranges to at least 4");
        assertThatThrownBy(() -> BackfillOptions.builder().ranges(2).workers(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workers (4)").hasMessageContaining("ranges (2)").hasMessageContaining("at most 2 workers");
    }

    @Test
    void aRejectedSettingLeavesTheOthersAsTheyWere() {
        builder.workers(4);
        assertThatThrownBy(() -> builder.ranges(2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.build()).extracting(BackfillOptions::workers, BackfillOptions::ranges).containsExactly(4, 4);
    }

    @Test
    void countsBelowTheirMinimum() {
        assertThatThrownBy(() -> builder.workers(0)).hasMessageContaining("backfill workers must be at least 1, was 0");
        assertThatThrownBy(() -> builder.ranges(0)).hasMessageContaining("backfill ranges must be at least 1, was 0");
        assertThatThrownBy(() -> builder.initialChunk(0)).hasMessageContaining("initial chunk must be at least 1 row, was 0");
        assertThatThrownBy(() -> builder.lockRetries(-1)).hasMessageContaining("lock retries must be at least 0, was -1");
        assertThat(builder.lockRetries(0).build().lockRetries()).as("no retry: stop at the first locked row").isZero();
    }

    @Test
    void durationsMustBePositive() {
        assertThatThrownBy(() -> builder.chunkTarget(Duration.ZERO)).hasMessageContaining("backfill chunk target must be positive, was PT0S");
        assertThatThrownBy(() -> builder.chunkTarget(Duration.ofMillis(-5))).hasMessageContaining("chunk target must be positive");
        assertThatThrownBy(() -> builder.latencyBackoff(2.0, Duration.ZERO)).hasMessageContaining("longest pause must be positive");
        assertThatThrownBy(() -> builder.latencyBackoff(2.0, null)).hasMessageContaining("longest pause must be positive");
        assertThatThrownBy(() -> builder.lease(Duration.ofSeconds(-1))).hasMessageContaining("backfill lease must be positive");
    }

    @Test
    void theBackoffFactorIsARatioOfAtLeastOne() {
        assertThatThrownBy(() -> builder.latencyBackoff(0.5, Duration.ofSeconds(1))).hasMessageContaining("at least 1").hasMessageContaining("0.5");
        assertThatThrownBy(() -> builder.latencyBackoff(Double.NaN, Duration.ofSeconds(1))).hasMessageContaining("NaN");
        BackfillOptions options = builder.latencyBackoff(3.0, Duration.ofMillis(100)).build();
        assertThat(options.latencyBackoff()).isEqualTo(3.0);
        assertThat(options.maxPause()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aRejectedBackoffChangesNeitherHalf() {
        assertThatThrownBy(() -> builder.latencyBackoff(0.5, Duration.ofMillis(100))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.latencyBackoff(3.0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.build()).extracting(BackfillOptions::latencyBackoff, BackfillOptions::maxPause).containsExactly(2.0, Duration.ofSeconds(2));
    }

    @Test
    void theClockAndTheThreadsAreInjected() {
        ManualTicker ticker = new ManualTicker();
        BackfillOptions options = builder.ticker(ticker).threads(r -> new Thread(r, "mine")).build();
        assertThat(options.ticker()).isSameAs(ticker);
        assertThat(options.threads().newThread(() -> { }).getName()).isEqualTo("mine");
        assertThatThrownBy(() -> builder.ticker(null)).hasMessageContaining("Ticker.system()");
    }
}
