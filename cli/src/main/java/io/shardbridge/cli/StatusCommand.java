package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.ShardbridgeConfig;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** Shows each unit's phase, backfill progress, last verification, pending intents and writes made outside shardbridge (all units without --unit). */
@Command(name = "status", description = "Show each migration unit: phase, backfill progress, last verification, intents pending, writes made outside shardbridge.")
final class StatusCommand extends BridgeCommand {
    @Override
    List<String> units(ShardbridgeConfig config) {
        return options.unit == null ? List.copyOf(config.migrations().keySet()) : super.units(config);
    }

    @Override
    int run(BridgeDataSource ds, String unit) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.print(ds.bridge().status(unit).describe());
        out.print(ds.bridge().safetyNet(unit).describe());
        return ShardbridgeCli.DONE;
    }
}
