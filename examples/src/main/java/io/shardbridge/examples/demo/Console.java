package io.shardbridge.examples.demo;

import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.Verifier;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.MigrationPhase;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Locale;

/** What the demo prints: steps with elapsed time, live progress lines, phase moves, and the final report. */
final class Console {
    private final PrintStream out = System.out;
    private final long started = System.nanoTime();
    private long rowsCopied;
    private double copyRate;
    private int found;
    private boolean repairedClean;

    void step(String text) {
        out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, text);
    }

    void note(String text) {
        out.printf(Locale.ROOT, "          %s%n", text);
    }

    void move(BridgeDataSource ds, String unit, MigrationPhase to, String meaning) throws SQLException {
        long t0 = System.nanoTime();
        ds.bridge().moveTo(unit, to, p -> {
            out.printf(Locale.ROOT, "\r          %s -> %s: %-16s %d/%d instance(s)   ", p.from(), p.to(), p.stage(), p.instancesReady(), p.instancesAlive());
            out.flush();
        });
        out.print("\r" + " ".repeat(78) + "\r");
        step(String.format(Locale.ROOT, "phase %-11s (%4d ms, every instance)  %s", to, (System.nanoTime() - t0) / 1_000_000, meaning));
    }

    void backfillProgress(Backfill.Progress p) {
        bar(p.table(), p.rowsCopied(), p.rowsEstimated(), p.rowsPerSecond());
    }

    void verifyProgress(Verifier.Progress p) {
        bar(p.table(), p.rowsCompared(), p.rowsEstimated(), p.rowsPerSecond());
    }

    private synchronized void bar(String table, long done, long total, double rate) {
        double share = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(share * 30);
        out.printf(Locale.ROOT, "\r          %s [%s%s] %3d%% %,d rows %,.0f rows/s   ", table, "#".repeat(filled), " ".repeat(30 - filled),
                Math.round(share * 100), done, rate);
        out.flush();
    }

    void endProgress() {
        out.println();
    }

    void backfilled(Backfill.Result result) {
        rowsCopied = result.rowsCopied();
        copyRate = result.rowsCopied() / Math.max(0.001, result.took().toNanos() / 1e9);
        note(String.format(Locale.ROOT, "%,d rows copied in %.1f s (%,.0f rows/s)", rowsCopied, result.took().toNanos() / 1e9, copyRate));
    }

    void verified(VerifyReport report) {
        report.summary().lines().forEach(this::note);
    }

    void repaired(int differences, boolean clean) {
        found = differences;
        repairedClean = clean;
    }

    void report(Workload workload) {
        out.println();
        out.println("  shardbridge demo report");
        out.println("  ------------------------------------------------------------");
        out.printf(Locale.ROOT, "  rows copied by the backfill      %,d (%,.0f rows/s)%n", rowsCopied, copyRate);
        out.printf(Locale.ROOT, "  differences found / repaired     %d / %s%n", found, repairedClean ? found + ", verified equal after" : "NOT all");
        out.printf(Locale.ROOT, "  service writes during the walk   %,d, failed: %d%s%n", workload.writes(), workload.failures(),
                workload.failures() == 0 ? "" : " (last: " + workload.lastFailure() + ")");
        out.printf(Locale.ROOT, "  write pause at SHADOW -> LIVE    %d ms (longest write overlapping the flip)%n", workload.flipPauseMillis());
        long[] events = workload.eventIdsAcrossTheFlip();
        out.printf(Locale.ROOT, "  card_event ids across the flip   ..%d | %d.. (legacy's sequence, then shardbridge's blocks); highest %,d%n",
                events[0], events[1], events[2]);
        out.printf(Locale.ROOT, "  card_event ids issued twice      %d of %,d%n", events[3] - events[4], events[3]);
        out.printf(Locale.ROOT, "  total                            %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
