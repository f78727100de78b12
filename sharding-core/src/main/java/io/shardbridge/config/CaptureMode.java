package io.shardbridge.config;

import java.util.Locale;

/**
 * How a unit's writes reach the target while legacy is authoritative (DUAL_WRITE, SHADOW): YAML
 * {@code migrations.<unit>.capture}. From LIVE on both modes mirror synchronously back to legacy.
 */
public enum CaptureMode {
    /**
     * The default: each write statement is captured on the caller's path (row images read by key) and
     * mirrored before the caller's commit returns; the logical-replication catch-up is the safety net for
     * what never passed through shardbridge.
     */
    STATEMENT,
    /**
     * Nothing is mirrored on the caller's path: the unit's logical-replication stream on legacy applies
     * every committed change to the target, and the authority flip waits until the stream has applied
     * everything up to the fence's WAL position. Needs {@code wal_level = logical} and the REPLICATION
     * privilege on legacy, and the catch-up on ({@code catch-up: true}).
     */
    LOGICAL;

    /** True when, in {@code phase}, writes are not mirrored on the caller's path but by the stream. */
    public boolean streamMirrors(MigrationPhase phase) {
        return this == LOGICAL && phase.mirrorsWrites() && phase.authoritative() == MigrationPhase.Side.LEGACY;
    }

    static CaptureMode parse(String path, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "statement" -> STATEMENT;
            case "logical" -> LOGICAL;
            default -> throw new ConfigException(path, "unknown capture mode '" + text + "'; use statement (the default: mirrored on the caller's "
                    + "path) or logical (mirrored by the logical-replication stream; needs wal_level = logical on legacy)");
        };
    }
}
