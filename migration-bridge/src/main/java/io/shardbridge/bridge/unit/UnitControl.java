package io.shardbridge.bridge.unit;

import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationUnitConfig;

/**
 * The control plane's handle on one unit: what it reads, and the moves only it may make — taking the
 * recorded phase at start-up, adopting a newer one, holding the fence for a cross-instance flip and releasing
 * it, renewing the contact deadline. Everyone else sees the unit as a {@link UnitState}, which offers none of
 * these. The handles of a DataSource's units are handed out once ({@link MigrationUnits#takeControl}), to the
 * control plane the wiring builds.
 */
public interface UnitControl {
    String name();

    MigrationUnitConfig config();

    MigrationPhase phase();

    long epoch();

    /** The flip epoch the fence is held for, or 0. */
    long fenceHeldFor();

    /** Sets the phase and epoch without a fence: only before any transaction can have entered (start-up). */
    void initialize(MigrationPhase recorded, long recordedEpoch);

    /** Takes the phase and epoch the control store recorded; false when in-flight transactions did not drain in time. */
    boolean adopt(MigrationPhase recorded, long recordedEpoch, long timeoutNanos) throws InterruptedException;

    /** Closes the fence for a cross-instance authority flip; true when drained (it then stays closed until adopt or release). */
    boolean holdFence(long flipEpoch, long timeoutNanos) throws InterruptedException;

    /** Opens a fence held for a flip that was abandoned. */
    void releaseFence();

    /** After every successful contact with the control store: transactions are allowed until {@code deadlineNanos}. */
    void contactUntil(long deadlineNanos);
}
