package io.shardbridge.bridge.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.concurrent.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The window continuous verification reads: keys come out only once settled, oldest first, and the oldest go when full. */
class RecentWritesTest {
    private static final long SETTLE = Duration.ofSeconds(2).toNanos();

    private final ManualTicker clock = new ManualTicker();
    private final RecentWrites recent = new RecentWrites(3, clock);

    private static RowImage key(int id) {
        return new RowImage("invoice", Map.of("id", id));
    }

    private static List<Object> ids(List<RecentWrites.Written> written) {
        return written.stream().map(w -> w.key().get("id")).toList();
    }

    @Test
    void aKeyIsTakenOnlyOnceItsWriteHadTheSettleTime() {
        recent.enable(true);
        recent.recordKeys(List.of(key(1)));
        clock.advance(Duration.ofSeconds(1));
        recent.recordKeys(List.of(key(2)));
        clock.advance(Duration.ofMillis(999));
        assertThat(recent.takeSettled(SETTLE)).as("1.999 s after the first write").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(ids(recent.takeSettled(SETTLE))).as("2 s after the first, 1 s after the second").containsExactly(1);
        assertThat(recent.takeSettled(SETTLE)).as("taken once").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        List<RecentWrites.Written> second = recent.takeSettled(SETTLE);
        assertThat(ids(second)).containsExactly(2);
        assertThat(clock.nanoTime() - second.get(0).at()).isEqualTo(SETTLE);
    }

    @Test
    void whenWritesOutpaceTheVerifierTheOldestKeysGo() {
        recent.enable(true);
        recent.recordKeys(List.of(key(1), key(2)));
        clock.advance(Duration.ofMillis(10));
        recent.recordKeys(List.of(key(3), key(4)));
        clock.advance(Duration.ofSeconds(2));
        assertThat(ids(recent.takeSettled(SETTLE))).containsExactly(2, 3, 4);
    }

    @Test
    void nothingIsKeptWhileNothingVerifies() {
        recent.recordKeys(List.of(key(1)));
        recent.enable(true);
        recent.recordKeys(List.of(key(2)));
        recent.enable(false);
        recent.enable(true);
        clock.advance(Duration.ofSeconds(5));
        assertThat(recent.takeSettled(SETTLE)).isEmpty();
    }
}
