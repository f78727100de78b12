package io.shardbridge.cli;

import java.util.Locale;

/** One line of progress for long work, redrawn in place on the error stream. */
final class ProgressBar {
    private static final int WIDTH = 30;

    private ProgressBar() {
    }

    static String line(String table, long done, long total, double rowsPerSecond, String tail) {
        double share = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(share * WIDTH);
        return String.format(Locale.ROOT, "%-20s [%s%s] %3d%% %,d/%,d rows %,.0f rows/s%s", table, "#".repeat(filled), " ".repeat(WIDTH - filled),
                Math.round(share * 100), done, total, rowsPerSecond, tail);
    }
}
