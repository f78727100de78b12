package io.shardbridge.config;

import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration contract of DESIGN §3. Read it with {@link ShardbridgeConfigLoader}.
 *
 * @param legacy     the PostgreSQL instance being moved off (absent for a target-only setup)
 * @param control    where phases, checkpoints and intents live; defaults to {@code legacy}
 */
public record ShardbridgeConfig(
        Optional<DatabaseEndpoint> legacy,
        TargetConfig target,
        Optional<DatabaseEndpoint> control,
        Map<String, MigrationUnitConfig> migrations) {

    public ShardbridgeConfig {
        migrations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(migrations));
    }

    /** The control store endpoint: {@code control:} if given, otherwise the legacy database. */
    public Optional<DatabaseEndpoint> controlOrLegacy() {
        return control.or(() -> legacy);
    }
}
