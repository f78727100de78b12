package io.shardbridge.bridge.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.metrics.ServiceLatency;
import io.shardbridge.concurrent.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyPublisherTest {
    private final ManualTicker clock = new ManualTicker();
    private final Map<String, ServiceLatency.Reading> readings = new HashMap<>();
    private final List<String> sent = new ArrayList<>();
    private final LatencyPublisher publisher = new LatencyPublisher(readings::get,
            (unit, r) -> sent.add(unit + "=" + (r.known() ? r.ratio() : "cleared")), clock);

    private static ServiceLatency.Reading slow(double ratio) {
        return new ServiceLatency.Reading(ratio, (long) (ratio * 1_000_000), 1_000_000);
    }

    @Test
    void publishesKnownReadingsAtMostOncePerPeriod() throws Exception {
        readings.put("a", slow(3.0));
        publisher.tick(List.of("a"));
        clock.advance(Duration.ofNanos(LatencyPublisher.PERIOD_NANOS - 1));
        publisher.tick(List.of("a"));
        assertThat(sent).containsExactly("a=3.0");
        clock.advance(Duration.ofNanos(1));
        readings.put("a", slow(1.5));
        publisher.tick(List.of("a"));
        assertThat(sent).containsExactly("a=3.0", "a=1.5");
    }

    @Test
    void aUnitWithoutASignalPublishesNothingAndAQuietOneClearsItsReadingOnce() throws Exception {
        readings.put("a", ServiceLatency.Reading.UNKNOWN);
        readings.put("b", slow(4.0));
        publisher.tick(List.of("a", "b", "not-served"));
        assertThat(sent).containsExactly("b=4.0");
        readings.put("b", ServiceLatency.Reading.UNKNOWN); // no writes for a while
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofNanos(LatencyPublisher.PERIOD_NANOS));
            publisher.tick(List.of("a", "b"));
        }
        assertThat(sent).containsExactly("b=4.0", "b=cleared");
    }
}
