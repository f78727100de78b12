package io.shardbridge.benchmarks;

import java.util.Arrays;

/** Nearest-rank percentiles of measured samples, the one definition every benchmark's table uses. */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * The sample at nearest rank {@code ceil(p/100 · n)} of {@code samples} (p in 0–100; 100 is the maximum), in the
     * samples' own unit; NaN when there are none. The array is not changed.
     */
    public static double of(long[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, p);
    }

    /** As {@link #of}, for samples already sorted ascending. */
    public static double ofSorted(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
