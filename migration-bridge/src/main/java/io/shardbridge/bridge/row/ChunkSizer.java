package io.shardbridge.bridge.row;

import io.shardbridge.concurrent.Ticker;
import java.time.Duration;

/**
 * Keeps each chunk near a time target (DESIGN §6), as pt-table-checksum does: the next chunk's size is
 * this one's scaled by target/elapsed, changing at most by half or double at a time, within bounds.
 * Short chunks keep the share locks on the source brief; the bounds keep a stall from shrinking the
 * chunk to nothing or an idle moment from growing it without limit.
 */
public final class ChunkSizer {
    private final Ticker ticker;
    private final long targetNanos;
    private final int min;
    private final int max;
    private int size;

    /** Chunks timed on {@code ticker}, aimed at {@code target}, {@code initial} rows first, never fewer than {@code min} nor more than {@code max}. */
    public ChunkSizer(Ticker ticker, Duration target, int initial, int min, int max) {
        if (target.isNegative() || target.isZero() || min < 1 || max < min) {
            throw new IllegalArgumentException("a chunk needs a positive time target and 1 <= min <= max rows, got target " + target + ", min "
                    + min + ", max " + max);
        }
        this.ticker = ticker;
        this.targetNanos = target.toNanos();
        this.min = min;
        this.max = max;
        this.size = Math.max(min, Math.min(max, initial));
    }

    public int size() {
        return size;
    }

    /**
     * A chunk found a row locked by the service: the next one locks half as many rows, down to one (a
     * one-row chunk fails only while that very row is locked); the next chunk that commits is sized from
     * its time again, within the bounds.
     */
    public void contended() {
        size = Math.max(1, size / 2);
    }

    /** The start of a chunk, to pass to {@link #observedSince} when it has committed. */
    public long chunkStarts() {
        return ticker.nanoTime();
    }

    /** Feeds the time since {@code startedNanos} (from {@link #chunkStarts}) that the last chunk of {@code rows} took. */
    public void observedSince(int rows, long startedNanos) {
        observed(rows, ticker.nanosSince(startedNanos));
    }

    /** Feeds the time the last chunk of {@code rows} took. */
    public void observed(int rows, long nanos) {
        if (rows < size || nanos <= 0) {
            return; // a short last chunk says nothing about speed
        }
        double factor = Math.max(0.5, Math.min(2.0, (double) targetNanos / nanos));
        size = (int) Math.max(min, Math.min(max, Math.round(size * factor)));
    }
}
