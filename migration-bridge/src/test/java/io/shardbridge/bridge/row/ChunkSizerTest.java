package io.shardbridge.bridge.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.concurrent.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChunkSizerTest {
    private static final Duration TARGET = Duration.ofMillis(500);

    private final ManualTicker ticker = new ManualTicker();
    private final ChunkSizer sizer = new ChunkSizer(ticker, TARGET, 1000, 10, 50_000);

    /** One full chunk of the current size that takes {@code took} on the ticker. */
    private void chunkTaking(Duration took) {
        long started = sizer.chunkStarts();
        ticker.advance(took);
        sizer.observedSince(sizer.size(), started);
    }

    @Test
    void aChunkOnTargetKeepsItsSize() {
        chunkTaking(TARGET);
        assertThat(sizer.size()).isEqualTo(1000);
    }

    @Test
    void theNextChunkIsScaledByTargetOverElapsed() {
        chunkTaking(Duration.ofMillis(625));
        assertThat(sizer.size()).isEqualTo(800);
        chunkTaking(Duration.ofMillis(400));
        assertThat(sizer.size()).isEqualTo(1000);
    }

    @Test
    void atMostHalfOrDoubleAtATime() {
        chunkTaking(Duration.ofSeconds(10));
        assertThat(sizer.size()).as("a stall halves it, no more").isEqualTo(500);
        chunkTaking(Duration.ofMillis(1));
        assertThat(sizer.size()).as("an idle moment doubles it, no more").isEqualTo(1000);
    }

    @Test
    void withinItsBounds() {
        for (int i = 0; i < 20; i++) {
            chunkTaking(Duration.ofSeconds(5));
        }
        assertThat(sizer.size()).isEqualTo(10);
        for (int i = 0; i < 20; i++) {
            chunkTaking(Duration.ofMillis(1));
        }
        assertThat(sizer.size()).isEqualTo(50_000);
    }

    @Test
    void aShortLastChunkSaysNothingAboutSpeed() {
        long started = sizer.chunkStarts();
        ticker.advance(Duration.ofSeconds(5));
        sizer.observedSince(7, started);
        assertThat(sizer.size()).isEqualTo(1000);
    }

    @Test
    void aChunkThatTookNoTimeSaysNothingEither() {
        chunkTaking(Duration.ZERO);
        assertThat(sizer.size()).isEqualTo(1000);
    }

    @Test
    void contentionHalvesTheChunkDownToOneRowBelowItsBound() {
        for (int i = 0; i < 15; i++) {
            sizer.contended();
        }
        assertThat(sizer.size()).isEqualTo(1);
        chunkTaking(TARGET);
        assertThat(sizer.size()).as("sized from its time again, within the bounds").isEqualTo(10);
    }

    @Test
    void theFirstChunkIsClampedToTheBounds() {
        assertThat(new ChunkSizer(ticker, TARGET, 5, 10, 100).size()).isEqualTo(10);
        assertThat(new ChunkSizer(ticker, TARGET, 500, 10, 100).size()).isEqualTo(100);
    }

    @Test
    void aTargetOfNoTimeOrBoundsThatCannotHoldAChunkAreRejected() {
        assertThatThrownBy(() -> new ChunkSizer(ticker, Duration.ZERO, 10, 1, 10)).hasMessageContaining("positive time target");
        assertThatThrownBy(() -> new ChunkSizer(ticker, TARGET, 10, 0, 10)).hasMessageContaining("1 <= min <= max");
        assertThatThrownBy(() -> new ChunkSizer(ticker, TARGET, 10, 20, 10)).hasMessageContaining("1 <= min <= max");
    }
}
