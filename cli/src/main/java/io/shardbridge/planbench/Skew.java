package io.shardbridge.planbench;

import java.util.Arrays;

/**
 * How evenly something (rows, bytes) is spread over a plan's physical tables.
 *
 * @param perTable   the amount in each physical table, in slot order
 * @param maxOverMean the fullest table against the mean (1.0 is perfectly even)
 * @param gini       the Gini coefficient over the tables (0 is perfectly even, towards 1 all in one table)
 */
public record Skew(long[] perTable, double maxOverMean, double gini) {
    public static Skew of(long[] perTable) {
        long total = Arrays.stream(perTable).sum();
        long max = Arrays.stream(perTable).max().orElse(0);
        double mean = perTable.length == 0 ? 0 : (double) total / perTable.length;
        return new Skew(perTable.clone(), mean == 0 ? 1.0 : max / mean, gini(perTable));
    }

    /**
     * Gini = (2 Σ i·x(i)) / (n Σ x) − (n + 1) / n over the values sorted ascending, i from 1: the mean
     * absolute difference between any two tables relative to twice the mean.
     */
    static double gini(long[] values) {
        int n = values.length;
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            sum += sorted[i];
            weighted += (i + 1) * (double) sorted[i];
        }
        return n == 0 || sum == 0 ? 0 : (2 * weighted) / (n * sum) - (n + 1.0) / n;
    }

    public long total() {
        return Arrays.stream(perTable).sum();
    }
}
