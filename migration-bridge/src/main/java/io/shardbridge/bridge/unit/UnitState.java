package io.shardbridge.bridge.unit;

import io.shardbridge.concurrent.Ticker;
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
    private final Ticker ticker;
    private final PhaseFence fence;
    private volatile MigrationPhase phase;
    /** The control store's epoch of {@link #phase}; 0 until the instance has joined the control plane. */
    private volatile long epoch;
    /** The flip epoch this instance holds its fence for (0: none). Guarded by this. */
    private long fenceHeldFor;
    /** The {@link Ticker#nanoTime} after which this instance has lost contact with the control store (0: not coordinated). */
    private volatile long contactDeadline;

    UnitState(MigrationUnitConfig config, Map<String, String> unmirrorable, Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
        this.fence = new PhaseFence(ticker);
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
        requireContact();
        // a move gives up after fenceTimeout and reopens, so this wait is bounded by the same figure
        long timeout = config.dualWrite().fenceTimeout().toNanos() * 2;
        long deadline = ticker.nanoTime() + timeout;
        try {
            while (!fence.enter(Math.min(SLICE_NANOS, Math.max(0, deadline - ticker.nanoTime())))) {
                requireContact(); // a fence held by an instance that lost the control store never opens by itself
                if (deadline - ticker.nanoTime() <= 0) {
                    throw new SQLTransientException("migration unit " + name() + " is changing phase and did not let new transactions in within "
                            + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms; retry the transaction", "40001");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientException("interrupted while waiting for migration unit " + name() + " to finish a phase move", "40001", e);
        }
        return phase;
    }

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private void requireContact() throws SQLException {
        long contact = contactDeadline;
        if (contact != 0 && ticker.nanoTime() - contact > 0) {
            throw new SQLTransientException("migration unit " + name() + ": this instance has lost contact with the control store, so it "
                    + "cannot know whether the other instances moved the unit on; it takes no transactions of the unit until contact is back "
                    + "(check the control database)", "55000");
        }
    }

    public void exit() {
        fence.exit();
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
        requireMirrorable(wanted);
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

    /** Refuses a phase that mirrors writes when a table of the unit cannot be mirrored (no primary key, …). */
    public void requireMirrorable(MigrationPhase wanted) {
        String reason = unmirrorable.isEmpty() ? null : unmirrorable.values().iterator().next();
        if (wanted.mirrorsWrites() && reason != null) {
            throw new io.shardbridge.ShardbridgeException("migration unit " + name() + " cannot move to " + wanted + ": " + reason);
        }
    }

    public long epoch() {
        return epoch;
    }

    /**
     * Called after every successful contact with the control store: transactions are allowed until
     * {@code deadlineNanos} on this unit's {@link Ticker} (0: not coordinated, no limit).
     */
    void contactUntil(long deadlineNanos) {
        contactDeadline = deadlineNanos;
    }

    /**
     * Closes the fence for a cross-instance authority flip and waits for in-flight transactions to
     * drain; true when drained (the fence then stays closed until {@link #adopt} or {@link #releaseFence}),
     * false when they did not drain within {@code timeoutNanos} (the fence is open again).
     */
    synchronized boolean holdFence(long flipEpoch, long timeoutNanos) throws InterruptedException {
        if (fenceHeldFor == flipEpoch) {
            return true;
        }
        if (!fence.close(timeoutNanos)) {
            return false;
        }
        fenceHeldFor = flipEpoch;
        return true;
    }

    /** The flip epoch the fence is held for, or 0. */
    public synchronized long fenceHeldFor() {
        return fenceHeldFor;
    }

    /** Opens a fence held for a flip that was abandoned. */
    synchronized void releaseFence() {
        if (fenceHeldFor != 0) {
            fenceHeldFor = 0;
            fence.open();
        }
    }

    /**
     * Takes the phase and epoch the control store recorded. Unless the fence is already held (a flip
     * this instance acknowledged), it is closed briefly so that in-flight transactions finish in the
     * phase they pinned; then the phase changes and the fence opens.
     */
    synchronized boolean adopt(MigrationPhase recorded, long recordedEpoch, long timeoutNanos) throws InterruptedException {
        if (fenceHeldFor == 0 && phase != recorded && !fence.close(timeoutNanos)) {
            return false;
        }
        boolean closed = fenceHeldFor != 0 || phase != recorded;
        phase = recorded;
        epoch = recordedEpoch;
        fenceHeldFor = 0;
        if (closed) {
            fence.open();
        }
        return true;
    }

    /** Sets the phase and epoch without a fence: only before any transaction can have entered (start-up). */
    synchronized void initialize(MigrationPhase recorded, long recordedEpoch) {
        phase = recorded;
        epoch = recordedEpoch;
    }

    /** Work done while the unit is drained, before the phase changes. */
    @FunctionalInterface
    public interface FencedAction {
        void run(MigrationPhase from, MigrationPhase to) throws SQLException;
    }
}
