package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Verifies, rewrites what differs from the authoritative side, and verifies again. */
@Command(name = "repair", description = "Re-apply leftover intents, verify, rewrite the differing rows from the authoritative side, verify again (exit 1 if differences remain).")
final class RepairCommand extends BridgeCommand {
    @Mixin
    VerifyOptions verify;

    @Option(names = "--dry-run", description = "only print what would be rewritten")
    boolean dryRun;

    @Override
    int run(BridgeDataSource ds, String unit) throws Exception {
        if (!dryRun) {
            // intents left by mirror failures (an outage, a closed instance) first: those rows are known to differ
            int drained = ds.bridge().drainIntents(unit);
            if (drained > 0) {
                spec.commandLine().getOut().println("re-applied " + drained + " row(s) named by leftover intents");
            }
        }
        VerifyReport before = verify.verify(ds, unit, spec.commandLine().getErr());
        if (before.equal() || dryRun) {
            if (!before.equal()) {
                spec.commandLine().getOut().println("dry run: these rows would be rewritten from the "
                        + before.authoritative().name().toLowerCase() + " side");
            }
            return verify.report(spec, before);
        }
        int repaired = ds.bridge().repair(unit, before);
        spec.commandLine().getOut().println("rewrote " + repaired + " row(s) from the " + before.authoritative().name().toLowerCase() + " side");
        return verify.report(spec, verify.verify(ds, unit, spec.commandLine().getErr()));
    }
}
