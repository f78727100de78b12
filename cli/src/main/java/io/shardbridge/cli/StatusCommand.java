package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.ShardbridgeConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shows each unit's phase, backfill progress, last verification, pending intents and writes made outside shardbridge (all units without --unit). */
@Command(name = "status", description = "Show each migration unit: phase, backfill progress, last verification, intents pending, writes made outside shardbridge.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ShardbridgeConfig config = options.load();
        List<String> units = options.unit == null ? List.copyOf(config.migrations().keySet()) : List.of(options.requireUnit(config));
        PrintWriter out = spec.commandLine().getOut();
        try (BridgeDataSource ds = CommonOptions.openBridge(config)) {
            for (String unit : units) {
                out.print(ds.status(unit).describe());
                out.print(ds.safetyNet(unit).describe());
            }
        }
        out.flush();
        return ShardbridgeCli.DONE;
    }
}
