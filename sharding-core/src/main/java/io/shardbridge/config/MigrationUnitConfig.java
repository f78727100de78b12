package io.shardbridge.config;

import java.time.Duration;
import java.util.List;

/**
 * A unit of tables that move together (they are written in the same transactions).
 *
 * @param phase             the config flag: the desired phase
 * @param shadowReadPercent share of reads also run on the other side in SHADOW and LIVE
 * @param dualWrite         how mirror writes fail, time out and trip the circuit breaker
 * @param outsideWrites     the logical-replication safety net for writes made outside shardbridge (DESIGN §10)
 * @param keyBlockSize      how many sequence keys an instance reserves at a time once the target is authoritative
 *                          ({@code key-block-size}, default {@value #DEFAULT_KEY_BLOCK_SIZE})
 */
public record MigrationUnitConfig(String name, List<String> tables, MigrationPhase phase, int shadowReadPercent,
                                  DualWriteSettings dualWrite, OutsideWriteSettings outsideWrites, int keyBlockSize) {
    public static final int DEFAULT_KEY_BLOCK_SIZE = 1000;

    public MigrationUnitConfig {
        tables = List.copyOf(tables);
        if (keyBlockSize < 1) {
            throw new IllegalArgumentException("key-block-size must be at least 1, was " + keyBlockSize);
        }
    }

    public MigrationUnitConfig(String name, List<String> tables, MigrationPhase phase, int shadowReadPercent, DualWriteSettings dualWrite,
                               OutsideWriteSettings outsideWrites) {
        this(name, tables, phase, shadowReadPercent, dualWrite, outsideWrites, DEFAULT_KEY_BLOCK_SIZE);
    }

    public MigrationUnitConfig(String name, List<String> tables, MigrationPhase phase, int shadowReadPercent, DualWriteSettings dualWrite) {
        this(name, tables, phase, shadowReadPercent, dualWrite, OutsideWriteSettings.DEFAULTS);
    }

    public MigrationUnitConfig(String name, List<String> tables, MigrationPhase phase, int shadowReadPercent) {
        this(name, tables, phase, shadowReadPercent, DualWriteSettings.DEFAULTS);
    }

    /**
     * @param failurePolicy        what a failed mirror write does to the caller's transaction
     * @param mirrorTimeout        longest a mirror call may take before it counts as failed
     * @param circuitFailures      consecutive mirror failures that open the circuit breaker
     * @param circuitOpenFor       how long an open breaker skips the mirror (writes are recorded for repair)
     * @param fenceTimeout         longest a phase move waits for in-flight transactions before it gives up
     */
    public record DualWriteSettings(MirrorFailurePolicy failurePolicy, Duration mirrorTimeout, int circuitFailures,
                                    Duration circuitOpenFor, Duration fenceTimeout) {
        public static final DualWriteSettings DEFAULTS = new DualWriteSettings(MirrorFailurePolicy.RECORD_FOR_REPAIR,
                Duration.ofSeconds(2), 5, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /**
     * DESIGN §10: writes made outside shardbridge.
     *
     * @param catchUp        YAML {@code catch-up}: consume a logical-replication slot on legacy and apply what shardbridge did not mirror
     * @param quiet          YAML {@code outside-writes-quiet-ms}: a move that makes the target authoritative waits until no write
     *                       outside shardbridge was seen for this long
     * @param slotWarnBytes  YAML {@code catch-up-warn-mb}: retained WAL past which the slot is reported as a danger to legacy's disk
     * @param capture        YAML {@code capture}: whether DUAL_WRITE and SHADOW mirror on the caller's path ({@code statement})
     *                       or leave every change to the stream ({@code logical})
     */
    public record OutsideWriteSettings(boolean catchUp, Duration quiet, long slotWarnBytes, CaptureMode capture) {
        public static final OutsideWriteSettings DEFAULTS = new OutsideWriteSettings(true, Duration.ofMinutes(5), 1024L * 1024 * 1024,
                CaptureMode.STATEMENT);

        public OutsideWriteSettings {
            if (capture == CaptureMode.LOGICAL && !catchUp) {
                throw new IllegalArgumentException("capture: logical needs catch-up: true (the stream is what mirrors)");
            }
        }

        public OutsideWriteSettings(boolean catchUp, Duration quiet, long slotWarnBytes) {
            this(catchUp, quiet, slotWarnBytes, CaptureMode.STATEMENT);
        }
    }
}
