package io.shardbridge.bridge.backfill;

import java.time.Duration;

/**
 * How long a backfill pauses before its next chunk for the service's sake (DESIGN §6), from the latency
 * ratio (recent commit latency over its baseline, {@link ServiceLatencySignal}): nothing up to the
 * back-off factor; above it, one chunk's time target for each baseline's worth of extra latency — a
 * service twice as slow as usual gets one chunk's time of quiet, three times as slow two — and never
 * more than the longest pause, so the backfill looks at the signal again soon. The same decision
 * serves a backfill inside the service and one in another process: only the signal's source differs.
 */
final class LatencyThrottle {
    private final double factor;
    private final long maxPauseNanos;
    private final long chunkTargetNanos;

    LatencyThrottle(double factor, Duration maxPause, Duration chunkTarget) {
        this.factor = factor;
        this.maxPauseNanos = maxPause.toNanos();
        this.chunkTargetNanos = chunkTarget.toNanos();
    }

    /** The pause before the next chunk at this latency ratio: 0 at or below the factor. */
    long pauseNanos(double ratio) {
        if (!(ratio > factor)) {
            return 0; // also NaN: no signal is no reason to stop
        }
        return Math.max(0, Math.min(maxPauseNanos, (long) (chunkTargetNanos * (ratio - 1))));
    }
}
