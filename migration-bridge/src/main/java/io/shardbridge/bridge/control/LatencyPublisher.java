package io.shardbridge.bridge.control;

import io.shardbridge.bridge.metrics.ServiceLatency;
import io.shardbridge.concurrent.Ticker;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Publishes this instance's service latency per unit ({@link PublishedLatency}), on the heartbeat's
 * thread but at most every {@link #PERIOD_NANOS}: a backfill elsewhere sees a change within that
 * period plus one chunk, and the control store takes one small write per unit and second or two
 * instead of one per heartbeat. A unit whose signal is unknown (this instance has not written it
 * lately, or never: a CLI process) publishes nothing, except once, to clear a reading it published
 * before — so a quiet instance never keeps a backfill paused on an old slow reading.
 */
final class LatencyPublisher {
    static final long PERIOD_NANOS = 500_000_000L;

    /** Where readings go (the control store; a recording fake in tests). */
    @FunctionalInterface
    interface Sink {
        void publish(String unit, ServiceLatency.Reading reading) throws SQLException;
    }

    private final Function<String, ServiceLatency.Reading> readings;
    private final Sink sink;
    private final Ticker ticker;
    private final Set<String> published = new HashSet<>();
    private long last;
    private boolean first = true;

    LatencyPublisher(Function<String, ServiceLatency.Reading> readings, Sink sink, Ticker ticker) {
        this.readings = readings;
        this.sink = sink;
        this.ticker = ticker;
    }

    /** Called on every heartbeat; publishes when the period has passed since the last round. */
    void tick(List<String> units) throws SQLException {
        long now = ticker.nanoTime();
        if (!first && now - last < PERIOD_NANOS) {
            return;
        }
        first = false;
        last = now;
        for (String unit : units) {
            ServiceLatency.Reading reading = readings.apply(unit);
            if (reading == null) {
                continue;
            }
            if (reading.known()) {
                sink.publish(unit, reading);
                published.add(unit);
            } else if (published.contains(unit)) {
                sink.publish(unit, reading);
                published.remove(unit);
            }
        }
    }
}
