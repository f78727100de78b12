package io.shardbridge.bridge.jdbc;

import java.sql.Statement;

/** Update counts between JDBC's {@code int} and {@code long} forms (a count past {@code int} is {@link Statement#SUCCESS_NO_INFO}). */
final class UpdateCounts {
    private UpdateCounts() {
    }

    static int[] toInts(long[] counts) {
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = toInt(counts[i]);
        }
        return out;
    }

    static long[] toLongs(int[] counts) {
        long[] out = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }

    static int toInt(long count) {
        return count > Integer.MAX_VALUE ? Statement.SUCCESS_NO_INFO : (int) count;
    }
}
