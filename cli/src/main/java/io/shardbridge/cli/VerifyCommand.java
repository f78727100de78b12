package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Compares the unit's tables on both sides: exit 0 when equal, 1 when rows differ. */
@Command(name = "verify", description = "Compare the unit's tables on both sides, row by row (exit 1 when they differ).")
final class VerifyCommand extends BridgeCommand {
    @Mixin
    VerifyOptions verify;

    @Override
    int run(BridgeDataSource ds, String unit) throws Exception {
        return verify.report(spec, verify.verify(ds, unit, spec.commandLine().getErr()));
    }
}
