package io.shardbridge.bridge.catchup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.concurrent.ManualTicker;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The fenced flip's wait for the stream, on a clock the test moves: each poll of the slot costs one {@link FenceCatchUpWait#POLL}. */
class FenceCatchUpWaitTest {
    private final ManualTicker ticker = new ManualTicker();

    @Test
    void endsOnceTheConfirmedPositionReachesTheFence() throws Exception {
        FenceCatchUpWait.Result result = FenceCatchUpWait.await(positions(10, 60, 100, 200), 100, Duration.ofSeconds(5), ticker);
        assertThat(result).isEqualTo(new FenceCatchUpWait.Result(FenceCatchUpWait.Outcome.CAUGHT_UP, 100));
        assertThat(ticker.slept()).isEqualTo(FenceCatchUpWait.POLL.multipliedBy(2));
    }

    @Test
    void givesUpOnceTheTimeoutHasPassedWithTheLastPositionSeen() throws Exception {
        FenceCatchUpWait.Result result = FenceCatchUpWait.await(() -> OptionalLong.of(42), 100, Duration.ofSeconds(1), ticker);
        assertThat(result).isEqualTo(new FenceCatchUpWait.Result(FenceCatchUpWait.Outcome.TIMED_OUT, 42));
        assertThat(ticker.slept()).isGreaterThan(Duration.ofSeconds(1)).isLessThanOrEqualTo(Duration.ofSeconds(1).plus(FenceCatchUpWait.POLL));
    }

    @Test
    void aMissingSlotEndsTheWaitAtOnce() throws Exception {
        FenceCatchUpWait.Result result = FenceCatchUpWait.await(OptionalLong::empty, 100, Duration.ofSeconds(1), ticker);
        assertThat(result).isEqualTo(new FenceCatchUpWait.Result(FenceCatchUpWait.Outcome.SLOT_MISSING, -1));
        assertThat(ticker.slept()).isZero();
    }

    @Test
    void aSlotDroppedDuringTheWaitEndsItWithThePositionSeenBefore() throws Exception {
        Deque<OptionalLong> reads = new ArrayDeque<>(List.of(OptionalLong.of(7), OptionalLong.empty()));
        FenceCatchUpWait.Result result = FenceCatchUpWait.await(reads::poll, 100, Duration.ofSeconds(1), ticker);
        assertThat(result).isEqualTo(new FenceCatchUpWait.Result(FenceCatchUpWait.Outcome.SLOT_MISSING, 7));
    }

    @Test
    void anInterruptEndsTheWaitAsATransientFailureAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> FenceCatchUpWait.await(() -> OptionalLong.of(1), 100, Duration.ofSeconds(1), ticker))
                    .isInstanceOf(SQLTransientException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void positionsReadAsPostgresWritesThem() {
        assertThat(FenceCatchUpWait.lsn(0x16B374D848L)).isEqualTo("16/B374D848");
        assertThat(FenceCatchUpWait.lsn(-1)).isEqualTo("?");
    }

    private static FenceCatchUpWait.ConfirmedPosition positions(long... values) {
        Deque<Long> left = new ArrayDeque<>();
        for (long v : values) {
            left.add(v);
        }
        return () -> OptionalLong.of(left.size() > 1 ? left.poll() : left.peek());
    }
}
