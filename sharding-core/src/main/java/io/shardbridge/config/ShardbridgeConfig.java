package io.shardbridge.config;

import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration contract of DESIGN §3. Read it with {@link ShardbridgeConfigLoader}.
 *
 * @param legacy     the PostgreSQL instance being moved off (absent for a target-only setup)
 * @param control    where phases, checkpoints and intents live; defaults to {@code legacy}
 * @param timing     how often instances heartbeat to the control store, and when a silent one counts as dead
 */
public record ShardbridgeConfig(
        Optional<DatabaseEndpoint> legacy,
        TargetConfig target,
        Optional<DatabaseEndpoint> control,
        Map<String, MigrationUnitConfig> migrations,
        ControlTiming timing) {

    /** {@code control.heartbeat-ms} (default 100) and {@code control.instance-dead-after-ms} (default 10000). */
    public record ControlTiming(java.time.Duration heartbeat, java.time.Duration deadAfter) {
        public static final ControlTiming DEFAULT = new ControlTiming(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(10));
    }

    public ShardbridgeConfig {
        migrations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(migrations));
    }

    public ShardbridgeConfig(Optional<DatabaseEndpoint> legacy, TargetConfig target, Optional<DatabaseEndpoint> control,
                             Map<String, MigrationUnitConfig> migrations) {
        this(legacy, target, control, migrations, ControlTiming.DEFAULT);
    }

    /** The control store endpoint: {@code control:} if given, otherwise the legacy database. */
    public Optional<DatabaseEndpoint> controlOrLegacy() {
        return control.or(() -> legacy);
    }
}
