package io.shardbridge.bridge.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerifierOptionsTest {
    private final VerifierOptions.Builder builder = VerifierOptions.builder();

    @Test
    void defaults() {
        VerifierOptions options = builder.build();
        assertThat(options.chunkTarget()).isEqualTo(Duration.ofMillis(500));
        assertThat(options).extracting(VerifierOptions::initialChunk, VerifierOptions::minChunk, VerifierOptions::maxChunk)
                .containsExactly(20_000, 1000, 1_000_000);
        assertThat(options.leafRows()).isEqualTo(500);
        assertThat(options.rangesInFlight()).isEqualTo(2);
        assertThat(options.recheckAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.ranges()).isEqualTo(1);
        assertThat(options.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.threads().newThread(() -> { }).getName()).startsWith("shardbridge-verify-");
    }

    @Test
    void aFixedChunkSizeFixesAllThree() {
        assertThat(builder.chunkRows(64).build()).extracting(VerifierOptions::initialChunk, VerifierOptions::minChunk, VerifierOptions::maxChunk)
                .containsExactly(64, 64, 64);
    }

    @Test
    void aRecheckMayComeAtOnceButNotBeforeTheWalk() {
        assertThat(builder.recheckAfter(Duration.ZERO).build().recheckAfter()).isZero();
        assertThatThrownBy(() -> builder.recheckAfter(Duration.ofMillis(-1))).hasMessageContaining("recheck wait must be zero or more");
    }

    @Test
    void timesThatCannotWorkAreRejectedNamingTheSetting() {
        assertThatThrownBy(() -> builder.chunkTarget(Duration.ZERO)).hasMessageContaining("verification chunk target must be positive");
        assertThatThrownBy(() -> builder.chunkTarget(Duration.ofSeconds(-1))).hasMessageContaining("chunk target must be positive");
        assertThatThrownBy(() -> builder.lease(Duration.ZERO)).hasMessageContaining("verification lease must be positive");
    }

    @Test
    void countsBelowOne() {
        assertThatThrownBy(() -> builder.chunkRows(0)).hasMessageContaining("chunk rows must be at least 1, was 0");
        assertThatThrownBy(() -> builder.leafRows(0)).hasMessageContaining("leaf rows must be at least 1, was 0");
        assertThatThrownBy(() -> builder.rangesInFlight(0)).hasMessageContaining("ranges in flight must be at least 1, was 0");
        assertThatThrownBy(() -> builder.ranges(-2)).hasMessageContaining("ranges must be at least 1, was -2");
    }
}
