package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What {@code verify} and {@code repair} share: how to verify and where the report goes. */
final class VerifyOptions {
    @Option(names = "--json", paramLabel = "FILE", description = "also write the (last) verification report here, as JSON")
    Path json;

    @Option(names = "--recheck-ms", defaultValue = "2000", description = "wait before reading a difference again (default: ${DEFAULT-VALUE})")
    long recheckMillis;

    @Option(names = "--chunk-target-ms", defaultValue = "500", description = "time one range's checksums should take (default: ${DEFAULT-VALUE})")
    long chunkTargetMillis;

    @Option(names = "--in-flight", defaultValue = "2", description = "ranges checksummed at once (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--restart", description = "start a fresh pass instead of resuming an interrupted one")
    boolean restart;

    @Option(names = "--ranges", defaultValue = "1", description = "key ranges a new pass is split into, for verifications in other processes "
            + "to share (default: ${DEFAULT-VALUE})")
    int ranges;

    VerifyReport verify(BridgeDataSource ds, String unit, java.io.PrintWriter progress) throws SQLException {
        VerifyReport report = ds.bridge().verifier(unit).restart(restart).ranges(ranges).recheckAfter(Duration.ofMillis(recheckMillis)).chunkTarget(Duration.ofMillis(chunkTargetMillis))
                .rangesInFlight(inFlight).onProgress(p -> {
                    progress.print("\r" + ProgressBar.line(p.table(), p.rowsCompared(), p.rowsEstimated(), p.rowsPerSecond(), ""));
                    progress.flush();
                }).run();
        progress.println();
        return report;
    }

    /** Prints the summary (and writes the JSON); returns the exit code the report calls for. */
    int report(CommandSpec spec, VerifyReport report) throws IOException {
        spec.commandLine().getOut().print(report.summary());
        spec.commandLine().getOut().flush();
        if (json != null) {
            Files.writeString(json, report.toJson());
        }
        return report.equal() ? ShardbridgeCli.DONE : ShardbridgeCli.DIFFERENCES;
    }
}
