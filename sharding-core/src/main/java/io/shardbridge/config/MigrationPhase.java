package io.shardbridge.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The phases of one migration unit, in order (DESIGN §4). Moves are one step forward or back.
 */
public enum MigrationPhase {
    LEGACY_ONLY, DUAL_WRITE, SHADOW, LIVE, RAMP_DOWN, TARGET_ONLY;

    /** True when the sharded target is the authoritative side. */
    public boolean targetIsAuthoritative() {
        return compareTo(LIVE) >= 0;
    }

    /** True when writes are mirrored to the non-authoritative side. */
    public boolean mirrorsWrites() {
        return this != LEGACY_ONLY && this != TARGET_ONLY;
    }

    /** True when a sample of reads also runs on the other side and is compared. */
    public boolean shadowReads() {
        return this == SHADOW || this == LIVE;
    }

    /** True when {@code other} is this phase or one step away from it. */
    public boolean isOneStepFrom(MigrationPhase other) {
        return Math.abs(ordinal() - other.ordinal()) <= 1;
    }

    public static MigrationPhase parse(String path, String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, "unknown phase '" + text + "'; use one of "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
