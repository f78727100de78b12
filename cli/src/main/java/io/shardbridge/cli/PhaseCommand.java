package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.MigrationPhase;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Requests a one-step phase move for a unit on every instance and waits for it, showing fencing and convergence. */
@Command(name = "phase", description = "Move a unit one phase forward or back on every instance, and wait until they are all there.")
final class PhaseCommand extends BridgeCommand {
    @Option(names = "--to", required = true, paramLabel = "PHASE", description = "LEGACY_ONLY, DUAL_WRITE, SHADOW, LIVE, RAMP_DOWN or TARGET_ONLY")
    String to;

    @Option(names = "--accept-outside-writes", description = "move to a phase where the target is authoritative although rows of the unit's "
            + "tables were written outside shardbridge within outside-writes-quiet-ms (the override is recorded and shown by status)")
    boolean acceptOutsideWrites;

    @Override
    void checkOptions() {
        wanted();
    }

    @Override
    int run(BridgeDataSource ds, String unit) throws Exception {
        MigrationPhase wanted = wanted();
        PrintWriter err = spec.commandLine().getErr();
        MigrationPhase from = ds.bridge().status(unit).phase();
        ds.bridge().moveTo(unit, wanted, acceptOutsideWrites, p -> {
            err.print(String.format(Locale.ROOT, "\r%s %s -> %s: %-16s %d/%d live instance(s)   ", p.unit(), p.from(), p.to(), p.stage(),
                    p.instancesReady(), p.instancesAlive()));
            err.flush();
        });
        err.println();
        spec.commandLine().getOut().printf(Locale.ROOT, "unit %s: %s -> %s on every live instance%n", unit, from, wanted);
        return ShardbridgeCli.DONE;
    }

    private MigrationPhase wanted() {
        return MigrationPhase.parse("--to", to);
    }
}
