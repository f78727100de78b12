package io.shardbridge.bridge.unit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a unit's mirror writes have failed (or skipped an open breaker) since its intents were last
 * drained completely: while so, leftover intents are not the rare crash's but an outage's, and the
 * background drains them as soon as the mirror answers again instead of waiting for them to age.
 * A pass takes a {@link #mark()} when it starts and clears the backlog only if no mirror write failed
 * after that mark, so a failure during the pass is never forgotten.
 */
public final class MirrorBacklog {
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong drainedThrough = new AtomicLong();

    public void failed() {
        failures.incrementAndGet();
    }

    public boolean pending() {
        return failures.get() != drainedThrough.get();
    }

    public long mark() {
        return failures.get();
    }

    /** A pass that started at {@code mark} drained everything it set out to. */
    public void drained(long mark) {
        drainedThrough.accumulateAndGet(mark, Math::max);
    }
}
