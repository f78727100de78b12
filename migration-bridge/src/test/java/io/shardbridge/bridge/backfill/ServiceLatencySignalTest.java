package io.shardbridge.bridge.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceLatencySignalTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();
    private double own = 1.0;
    private OptionalDouble published = OptionalDouble.empty();
    private boolean unreachable;

    private final ServiceLatencySignal signal = new ServiceLatencySignal(() -> own, () -> {
        reads.incrementAndGet();
        if (unreachable) {
            throw new SQLException("control store down", "08006");
        }
        return published;
    }, now::get, 100);

    @Test
    void aProcessWithoutTrafficThrottlesOnWhatTheServingInstancesPublished() {
        published = OptionalDouble.of(3.5);
        assertThat(signal.getAsDouble()).isEqualTo(3.5);
    }

    @Test
    void theWorseOfItsOwnAndThePublishedSignal() {
        own = 4.0;
        published = OptionalDouble.of(1.5);
        assertThat(signal.getAsDouble()).isEqualTo(4.0);
        own = 1.0;
        assertThat(signal.getAsDouble()).isEqualTo(1.5);
    }

    @Test
    void nothingPublishedAndNoTrafficIsNoReasonToPause() {
        assertThat(signal.getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void readsTheControlStoreAtMostOncePerRefresh() {
        published = OptionalDouble.of(3.0);
        signal.getAsDouble();
        published = OptionalDouble.of(1.0);
        now.addAndGet(99);
        assertThat(signal.getAsDouble()).isEqualTo(3.0);
        assertThat(reads.get()).isEqualTo(1);
        now.addAndGet(1);
        assertThat(signal.getAsDouble()).isEqualTo(1.0);
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void anUnreadableControlStoreLeavesTheOwnSignal() {
        published = OptionalDouble.of(3.0);
        signal.getAsDouble();
        unreachable = true;
        own = 1.2;
        now.addAndGet(100);
        assertThat(signal.getAsDouble()).isEqualTo(1.2);
    }
}
