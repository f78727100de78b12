package io.shardbridge.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The phases of one migration unit, in order (DESIGN §4). Moves are one step forward or back.
 */
public enum MigrationPhase {
    LEGACY_ONLY, DUAL_WRITE, SHADOW, LIVE, RAMP_DOWN, TARGET_ONLY;

    /** The two sides a unit's rows live on. */
    public enum Side { LEGACY, TARGET }

    /** The side that is authoritative: writes land there first and reads are answered from it. */
    public Side authoritative() {
        return targetIsAuthoritative() ? Side.TARGET : Side.LEGACY;
    }

    /** The side that receives mirrored row images, if any. */
    public Optional<Side> mirror() {
        if (!mirrorsWrites()) {
            return Optional.empty();
        }
        return Optional.of(authoritative() == Side.LEGACY ? Side.TARGET : Side.LEGACY);
    }

    /** The next phase forward, if any. */
    public Optional<MigrationPhase> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    /** The previous phase, if any (rollback is the same machinery in reverse). */
    public Optional<MigrationPhase> previous() {
        return ordinal() > 0 ? Optional.of(values()[ordinal() - 1]) : Optional.empty();
    }

    /**
     * Refuses a move of more than one step, naming the unit and the step to take instead.
     *
     * @throws ConfigException at {@code migrations.<unit>.phase}
     */
    public void checkMoveTo(String unit, MigrationPhase wanted) {
        if (!isOneStepFrom(wanted)) {
            MigrationPhase step = wanted.ordinal() > ordinal() ? next().orElseThrow() : previous().orElseThrow();
            throw new ConfigException("migrations." + unit + ".phase", "cannot move from " + this + " to " + wanted
                    + " in one step; phases move one step at a time, so set phase: " + step + " first and let it take effect");
        }
    }

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
