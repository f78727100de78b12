package io.shardbridge.bridge.unit;

import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationUnitConfig;

/** A {@link UnitControl} over one {@link UnitState}: plain delegation to its package-private control-plane methods. */
final class ControlledUnit implements UnitControl {
    private final UnitState unit;

    ControlledUnit(UnitState unit) {
        this.unit = unit;
    }

    @Override
    public String name() {
        return unit.name();
    }

    @Override
    public MigrationUnitConfig config() {
        return unit.config();
    }

    @Override
    public MigrationPhase phase() {
        return unit.phase();
    }

    @Override
    public long epoch() {
        return unit.epoch();
    }

    @Override
    public long fenceHeldFor() {
        return unit.fenceHeldFor();
    }

    @Override
    public void initialize(MigrationPhase recorded, long recordedEpoch) {
        unit.initialize(recorded, recordedEpoch);
    }

    @Override
    public boolean adopt(MigrationPhase recorded, long recordedEpoch, long timeoutNanos) throws InterruptedException {
        return unit.adopt(recorded, recordedEpoch, timeoutNanos);
    }

    @Override
    public boolean holdFence(long flipEpoch, long timeoutNanos) throws InterruptedException {
        return unit.holdFence(flipEpoch, timeoutNanos);
    }

    @Override
    public void releaseFence() {
        unit.releaseFence();
    }

    @Override
    public void contactUntil(long deadlineNanos) {
        unit.contactUntil(deadlineNanos);
    }
}
