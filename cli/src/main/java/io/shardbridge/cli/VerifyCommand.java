package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.ShardbridgeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Compares the unit's tables on both sides: exit 0 when equal, 1 when rows differ. */
@Command(name = "verify", description = "Compare the unit's tables on both sides, row by row (exit 1 when they differ).")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the machine-readable report here")
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
            VerifyReport report = ds.verifier(unit).recheckAfter(Duration.ofMillis(recheckMillis)).run();
            report(spec, report, json);
            return report.equal() ? ShardbridgeCli.DONE : ShardbridgeCli.DIFFERENCES;
        }
    }

    static void report(CommandSpec spec, VerifyReport report, Path json) throws java.io.IOException {
        spec.commandLine().getOut().print(report.summary());
        spec.commandLine().getOut().flush();
        if (json != null) {
            Files.writeString(json, report.toJson());
        }
    }
}
