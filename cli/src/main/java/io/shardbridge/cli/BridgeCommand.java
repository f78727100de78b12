package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.ShardbridgeConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on migration units through the migration layer: it loads {@code --config}, checks
 * {@code --unit} against it, opens the layer for a one-off command ({@link CommonOptions#openBridge}) and closes
 * it when the command ends. Subclasses write only what they do with one unit; the exit code is the highest any
 * unit gave.
 */
abstract class BridgeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        ShardbridgeConfig config = options.load();
        List<String> units = units(config);
        checkOptions();
        int exit = ShardbridgeCli.DONE;
        try (BridgeDataSource ds = CommonOptions.openBridge(config)) {
            for (String unit : units) {
                exit = Math.max(exit, run(ds, unit));
            }
        }
        spec.commandLine().getOut().flush();
        return exit;
    }

    /** The units the command works on: the one {@code --unit} names, which it requires. */
    List<String> units(ShardbridgeConfig config) {
        return List.of(options.requireUnit(config));
    }

    /** Checks the command's own options before the migration layer is opened; throws with the fix. */
    void checkOptions() {
    }

    /** Does the command's work on one unit; returns its exit code. */
    abstract int run(BridgeDataSource ds, String unit) throws Exception;
}
