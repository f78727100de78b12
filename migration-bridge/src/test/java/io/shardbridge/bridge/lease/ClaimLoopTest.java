package io.shardbridge.bridge.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.concurrent.ManualTicker;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimLoopTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ManualTicker ticker = new ManualTicker();
    private final Ranges ranges = new Ranges(3);
    private final List<Integer> worked = new ArrayList<>();

    @Test
    void aPassWaitsForARangeAnotherProcessHoldsAndTakesItOverOnceItsLeaseRunsOut() throws SQLException {
        ranges.heldBy(1, "other", LEASE);

        new ClaimLoop<>(ranges.claimedBy("me"), ticker, POLL).workUntilAllDone(this::finish);

        assertThat(worked).containsExactly(0, 2, 1);
        assertThat(ranges.allDone()).isTrue();
        assertThat(ticker.slept()).isGreaterThan(LEASE).isLessThanOrEqualTo(LEASE.plus(POLL));
    }

    @Test
    void aRangeItsHolderFinishesIsNotTakenOver() throws SQLException {
        ranges.heldBy(1, "other", LEASE);
        ranges.finishedBy(1, Duration.ofSeconds(10));

        new ClaimLoop<>(ranges.claimedBy("me"), ticker, POLL).workUntilAllDone(this::finish);

        assertThat(worked).containsExactly(0, 2);
        assertThat(ranges.allDone()).isTrue();
        assertThat(ticker.slept()).isGreaterThanOrEqualTo(Duration.ofSeconds(10)).isLessThan(LEASE);
    }

    @Test
    void aBackfillWorkerLeavesRangesOthersHoldWithoutWaiting() throws SQLException {
        ranges.heldBy(1, "other", LEASE);

        new ClaimLoop<>(ranges.claimedBy("me"), ticker, POLL).workWhileFree(this::finish, () -> false);

        assertThat(worked).containsExactly(0, 2);
        assertThat(ranges.allDone()).isFalse();
        assertThat(ticker.slept()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aRangeWhoseWorkFailedIsGivenBackAtOnceNotWhenItsLeaseRunsOut() throws SQLException {
        ClaimLoop<Integer> loop = new ClaimLoop<>(ranges.claimedBy("me"), ticker, POLL);

        assertThatThrownBy(() -> loop.workWhileFree(range -> {
            throw new SQLException("chunk failed", "08006");
        }, () -> false)).hasMessage("chunk failed");

        assertThat(ranges.holder.get(0)).isNull();
        assertThat(ranges.claimedBy("next").claim()).isPresent().contains(0);
    }

    @Test
    void aRangeWhoseWorkEndedKeepsItsStateForItsHolder() throws SQLException {
        new ClaimLoop<>(ranges.claimedBy("me"), ticker, POLL).workWhileFree(range -> worked.add(range), () -> worked.size() == 1);

        assertThat(worked).containsExactly(0);
        assertThat(ranges.holder.get(0)).isEqualTo("me"); // not released: the work returned normally, its lease runs on
    }

    @Test
    void aWorkerThatIsStoppingClaimsNothingMore() throws SQLException {
        new ClaimLoop<>(ranges.claimedBy("me"), ticker, POLL).workWhileFree(this::finish, () -> true);

        assertThat(worked).isEmpty();
        assertThat(ranges.holder).isEmpty();
    }

    @Test
    void anInterruptWhileWaitingForOthersEndsThePassWithItsProgressSaved() {
        ranges.heldBy(0, "other", LEASE);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new ClaimLoop<>(ranges.claimedBy("me"), ticker, POLL).workUntilAllDone(this::finish))
                    .isInstanceOf(SQLException.class).hasMessageContaining("interrupted")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private void finish(int range) {
        worked.add(range);
        ranges.done.add(range);
        ranges.holder.remove(range);
    }

    /** Leased ranges as the control store keeps them (lowest free range first, a lease free once it ran out), on the test's clock. */
    private final class Ranges {
        private final int count;
        final Map<Integer, String> holder = new HashMap<>();
        private final Map<Integer, Long> leaseUntil = new HashMap<>();
        final Set<Integer> done = new HashSet<>();
        private final Map<Integer, Long> finishesAt = new HashMap<>();

        Ranges(int count) {
            this.count = count;
        }

        void heldBy(int range, String owner, Duration lease) {
            holder.put(range, owner);
            leaseUntil.put(range, ticker.nanoTime() + lease.toNanos());
        }

        /** The holder of {@code range} finishes it {@code after} from now. */
        void finishedBy(int range, Duration after) {
            finishesAt.put(range, ticker.nanoTime() + after.toNanos());
        }

        boolean allDone() {
            finishesAt.forEach((range, at) -> {
                if (ticker.nanoTime() >= at) {
                    done.add(range);
                }
            });
            return done.size() == count;
        }

        ClaimLoop.Claims<Integer> claimedBy(String owner) {
            return new ClaimLoop.Claims<>() {
                @Override
                public Optional<Integer> claim() {
                    allDone();
                    for (int range = 0; range < count; range++) {
                        boolean free = !holder.containsKey(range) || leaseUntil.get(range) < ticker.nanoTime();
                        if (!done.contains(range) && free) {
                            heldBy(range, owner, LEASE);
                            return Optional.of(range);
                        }
                    }
                    return Optional.empty();
                }

                @Override
                public void release(Integer range) {
                    if (owner.equals(holder.get(range))) {
                        holder.remove(range);
                    }
                }

                @Override
                public boolean allDone() {
                    return Ranges.this.allDone();
                }
            };
        }
    }
}
