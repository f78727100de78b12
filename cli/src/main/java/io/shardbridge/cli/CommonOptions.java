package io.shardbridge.cli;

import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command takes. */
final class CommonOptions {
    @Option(names = "--config", required = true, paramLabel = "app.yaml", description = "the shardbridge YAML (DESIGN §3)")
    Path config;

    @Option(names = "--unit", paramLabel = "NAME", description = "the migration unit (a key under migrations:)")
    String unit;

    /**
     * The migration layer for a one-off command: no background repair and no consuming of catch-up slots
     * (the service's own instances do that), closed when the command ends.
     */
    static io.shardbridge.bridge.jdbc.BridgeDataSource openBridge(ShardbridgeConfig config) {
        return io.shardbridge.bridge.jdbc.BridgeDataSource.builder(config).repair(java.time.Duration.ZERO, java.time.Duration.ZERO)
                .consumeCatchUp(false).open();
    }

    ShardbridgeConfig load() {
        return ShardbridgeConfigLoader.load(config);
    }

    /** The unit's name, checked against the configuration. */
    String requireUnit(ShardbridgeConfig loaded) {
        if (unit == null) {
            throw new IllegalArgumentException("--unit is required; configured units: " + loaded.migrations().keySet());
        }
        if (!loaded.migrations().containsKey(unit)) {
            throw new IllegalArgumentException("no migration unit '" + unit + "' in " + config + "; configured units: " + loaded.migrations().keySet());
        }
        return unit;
    }
}
