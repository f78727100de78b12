package io.shardbridge.cli;

import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Copies a unit's existing rows into the side that receives its mirrored writes, with a progress bar. */
@Command(name = "backfill", description = "Copy the rows that existed before DUAL_WRITE into the mirror side (resumable).")
final class BackfillCommand extends BridgeCommand {
    @Option(names = "--restart", description = "ignore saved checkpoints and copy every row again")
    boolean restart;

    @Option(names = "--chunk-target-ms", defaultValue = "500", description = "time one chunk should take (default: ${DEFAULT-VALUE})")
    long chunkTargetMillis;

    @Option(names = "--workers", defaultValue = "1", description = "threads copying key ranges at once (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--ranges", defaultValue = "0", description = "key ranges a new backfill is split into, for workers in other processes "
            + "to share (default: one per worker)")
    int ranges;

    @Option(names = "--lock-retries", defaultValue = "200", description = "times in a row a chunk may find a row locked by the service "
            + "before the backfill stops, backing off between attempts (default: ${DEFAULT-VALUE})")
    int lockRetries;

    @Override
    int run(BridgeDataSource ds, String unit) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Backfill backfill = ds.bridge().backfill(unit).restart(restart).chunkTarget(Duration.ofMillis(chunkTargetMillis)).workers(workers)
                .lockRetries(lockRetries);
        if (ranges > 0) {
            backfill.ranges(ranges);
        }
        Backfill.Result result = backfill.run(p -> {
                    err.print("\r" + bar(p));
                    err.flush();
                });
        err.println();
        spec.commandLine().getOut().printf(Locale.ROOT, "backfill of unit %s into %s: %,d rows copied in %.1f s %s%n", unit,
                result.into().name().toLowerCase(Locale.ROOT), result.rowsCopied(), result.took().toMillis() / 1000.0,
                result.rowsCopiedByTable());
        result.vacuum().forEach(v -> spec.commandLine().getOut().println("VACUUM: " + v.message()));
        if (!result.complete()) {
            spec.commandLine().getOut().printf(Locale.ROOT, "not finished: other workers hold key ranges of %s; they finish them, or run "
                    + "this command again once their leases run out%n", result.unfinishedTables());
        }
        return ShardbridgeCli.DONE;
    }

    static String bar(Backfill.Progress p) {
        return ProgressBar.line(p.table(), p.rowsCopied(), p.rowsEstimated(), p.rowsPerSecond(), " ETA " + p.eta().toSeconds() + "s"
                + (p.throttled().isZero() ? "" : " (paused " + p.throttled().toSeconds() + "s for the service)"));
    }
}
