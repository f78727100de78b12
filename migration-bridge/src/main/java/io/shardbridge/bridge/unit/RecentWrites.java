package io.shardbridge.bridge.unit;

import io.shardbridge.bridge.row.RowChange;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.concurrent.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keys a unit's write transactions touched lately, for continuous verification (DESIGN §7): a
 * bounded queue in commit order. When writes outpace the verifier the oldest keys are dropped —
 * continuous mode samples the recent past, and the full verification covers everything.
 */
public final class RecentWrites {
    /** A key written at a moment (the {@link Ticker#nanoTime} of the writes' clock). */
    public record Written(RowImage key, long at) {
    }

    private final int capacity;
    private final Ticker ticker;
    private final ConcurrentLinkedDeque<Written> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile boolean enabled;

    public RecentWrites(int capacity, Ticker ticker) {
        this.capacity = capacity;
        this.ticker = ticker;
    }

    /** Keys are kept only while something verifies them. */
    public void enable(boolean value) {
        enabled = value;
        if (!value) {
            queue.clear();
            size.set(0);
        }
    }

    public void record(DualWriteUnit unit, List<RowChange> changes) {
        if (!enabled) {
            return;
        }
        long now = ticker.nanoTime();
        for (RowChange change : changes) {
            add(unit.keyOf(change.image()), now);
        }
    }

    /** As {@link #record}, for keys already projected to their key columns. */
    void recordKeys(List<RowImage> keys) {
        if (!enabled) {
            return;
        }
        long now = ticker.nanoTime();
        keys.forEach(key -> add(key, now));
    }

    private void add(RowImage key, long now) {
        queue.addLast(new Written(key, now));
        if (size.incrementAndGet() > capacity && queue.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    /** Takes the keys written at least {@code settleNanos} ago (their writes have had time to reach both sides). */
    public List<Written> takeSettled(long settleNanos) {
        long cutoff = ticker.nanoTime() - settleNanos;
        List<Written> out = new ArrayList<>();
        Written first;
        while ((first = queue.peekFirst()) != null && first.at() <= cutoff) {
            if (queue.remove(first)) {
                size.decrementAndGet();
                out.add(first);
            }
        }
        return out;
    }
}
