package io.shardbridge.cli;

import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.ShardbridgeConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Copies a unit's existing rows into the side that receives its mirrored writes, with a progress bar. */
@Command(name = "backfill", description = "Copy the rows that existed before DUAL_WRITE into the mirror side (resumable).")
final class BackfillCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--restart", description = "ignore saved checkpoints and copy every row again")
    boolean restart;

    @Option(names = "--chunk-target-ms", defaultValue = "500", description = "time one chunk should take (default: ${DEFAULT-VALUE})")
    long chunkTargetMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ShardbridgeConfig config = options.load();
        String unit = options.requireUnit(config);
        PrintWriter err = spec.commandLine().getErr();
        try (BridgeDataSource ds = CommonOptions.openBridge(config)) {
            Backfill.Result result = ds.backfill(unit).restart(restart).chunkTarget(Duration.ofMillis(chunkTargetMillis))
                    .run(p -> {
                        err.print("\r" + bar(p));
                        err.flush();
                    });
            err.println();
            spec.commandLine().getOut().printf(Locale.ROOT, "backfill of unit %s into %s: %,d rows copied in %.1f s %s%n", unit,
                    result.into().name().toLowerCase(Locale.ROOT), result.rowsCopied(), result.took().toMillis() / 1000.0,
                    result.rowsCopiedByTable());
            spec.commandLine().getOut().flush();
        }
        return ShardbridgeCli.DONE;
    }

    static String bar(Backfill.Progress p) {
        double share = p.rowsEstimated() == 0 ? 1 : Math.min(1, (double) p.rowsCopied() / p.rowsEstimated());
        int filled = (int) Math.round(share * 30);
        return String.format(Locale.ROOT, "%-20s [%s%s] %3d%% %,d/%,d rows %,.0f rows/s ETA %ds", p.table(), "#".repeat(filled),
                " ".repeat(30 - filled), Math.round(share * 100), p.rowsCopied(), p.rowsEstimated(), p.rowsPerSecond(), p.eta().toSeconds());
    }
}
