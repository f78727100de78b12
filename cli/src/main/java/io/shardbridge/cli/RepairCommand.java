package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.ShardbridgeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Verifies, rewrites what differs from the authoritative side, and verifies again. */
@Command(name = "repair", description = "Verify, rewrite the differing rows from the authoritative side, verify again (exit 1 if differences remain).")
final class RepairCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--dry-run", description = "only print what would be rewritten")
    boolean dryRun;

    @Option(names = "--json", paramLabel = "FILE", description = "write the report of the last verification here")
    Path json;

    @Option(names = "--recheck-ms", defaultValue = "2000", description = "wait before reading a difference again (default: ${DEFAULT-VALUE})")
    long recheckMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ShardbridgeConfig config = options.load();
        String unit = options.requireUnit(config);
        try (BridgeDataSource ds = BridgeDataSource.builder(config).repair(Duration.ZERO, Duration.ZERO).open()) {
            VerifyReport before = ds.verifier(unit).recheckAfter(Duration.ofMillis(recheckMillis)).run();
            if (before.equal() || dryRun) {
                if (dryRun && !before.equal()) {
                    spec.commandLine().getOut().println("dry run: these rows would be rewritten from the " + before.authoritative().name().toLowerCase()
                            + " side");
                }
                VerifyCommand.report(spec, before, json);
                return before.equal() ? ShardbridgeCli.DONE : ShardbridgeCli.DIFFERENCES;
            }
            int repaired = ds.repair(unit, before);
            spec.commandLine().getOut().println("rewrote " + repaired + " row(s) from the " + before.authoritative().name().toLowerCase() + " side");
            VerifyReport after = ds.verifier(unit).recheckAfter(Duration.ofMillis(recheckMillis)).run();
            VerifyCommand.report(spec, after, json);
            return after.equal() ? ShardbridgeCli.DONE : ShardbridgeCli.DIFFERENCES;
        }
    }
}
