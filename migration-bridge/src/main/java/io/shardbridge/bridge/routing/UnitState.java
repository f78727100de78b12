package io.shardbridge.bridge.routing;

import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationUnitConfig;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One migration unit at run time: its current phase and the fence that keeps a phase move from
 * overlapping a transaction of the unit. A transaction pins the phase it saw when it entered.
 */
public final class UnitState {
    private final MigrationUnitConfig config;
    private final Map<String, String> unmirrorable;
    private final PhaseFence fence = new PhaseFence();
    private volatile MigrationPhase phase;

    UnitState(MigrationUnitConfig config, Map<String, String> unmirrorable) {
        this.config = config;
        this.unmirrorable = Map.copyOf(unmirrorable);
        this.phase = config.phase();
    }

    public String name() {
        return config.name();
    }

    public MigrationUnitConfig config() {
        return config;
    }

    public List<String> tables() {
        return config.tables();
    }

    public MigrationPhase phase() {
        return phase;
    }

    /** Why a table of this unit cannot be mirrored (for example: no primary key), or null. */
    public String unmirrorableReason(String table) {
        return unmirrorable.get(table);
    }

    /**
     * Enters the unit for one transaction and returns the phase it pins. Waits while a phase move is
     * draining the unit, at most the fence timeout.
     */
    public MigrationPhase enter() throws SQLException {
        try {
            // a move gives up after fenceTimeout and reopens, so this wait is bounded by the same figure
            if (!fence.enter(config.dualWrite().fenceTimeout().toNanos() * 2)) {
                throw new SQLTransientException("migration unit " + name() + " is changing phase and did not let new transactions in within "
                        + config.dualWrite().fenceTimeout().multipliedBy(2).toMillis() + " ms; retry the transaction", "40001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientException("interrupted while waiting for migration unit " + name() + " to finish a phase move", "40001", e);
        }
        return phase;
    }

    public void exit() {
        fence.exit();
    }

    /** Transactions of this unit that are running now. */
    public int inFlight() {
        return fence.active();
    }

    /**
     * Moves to {@code wanted}, one step at a time. New transactions wait while in-flight ones drain;
     * {@code whileFenced} runs with the unit drained (e.g. the repairer drains intents before an
     * authority flip) and the phase changes only when it succeeds. A timeout leaves the phase as it was.
     */
    void moveTo(MigrationPhase wanted, FencedAction whileFenced) throws SQLException {
        MigrationPhase current = phase;
        if (current == wanted) {
            return;
        }
        current.checkMoveTo(name(), wanted);
        String reason = unmirrorable.isEmpty() ? null : unmirrorable.values().iterator().next();
        if (wanted.mirrorsWrites() && reason != null) {
            throw new io.shardbridge.ShardbridgeException("migration unit " + name() + " cannot move to " + wanted + ": " + reason);
        }
        long timeout = config.dualWrite().fenceTimeout().toNanos();
        try {
            if (!fence.close(timeout)) {
                throw new SQLTransientException("migration unit " + name() + ": the move " + current + " -> " + wanted + " was abandoned: "
                        + fence.active() + " transaction(s) still running after " + TimeUnit.NANOSECONDS.toMillis(timeout)
                        + " ms (fence-timeout-ms); the unit stays at " + current, "40001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientException("interrupted while moving migration unit " + name(), "40001", e);
        }
        try {
            whileFenced.run(current, wanted);
            phase = wanted;
        } finally {
            fence.open();
        }
    }

    /** Work done while the unit is drained, before the phase changes. */
    @FunctionalInterface
    public interface FencedAction {
        void run(MigrationPhase from, MigrationPhase to) throws SQLException;
    }
}
