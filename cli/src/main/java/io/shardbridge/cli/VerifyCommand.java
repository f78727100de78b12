package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.ShardbridgeConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Compares the unit's tables on both sides: exit 0 when equal, 1 when rows differ. */
@Command(name = "verify", description = "Compare the unit's tables on both sides, row by row (exit 1 when they differ).")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Mixin
    VerifyOptions verify;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ShardbridgeConfig config = options.load();
        String unit = options.requireUnit(config);
        try (BridgeDataSource ds = CommonOptions.openBridge(config)) {
            return verify.report(spec, verify.verify(ds, unit, spec.commandLine().getErr()));
        }
    }
}
