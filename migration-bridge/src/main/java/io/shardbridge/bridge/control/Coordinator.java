package io.shardbridge.bridge.control;

import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a unit one phase across every instance (DESIGN §4). Any process may coordinate — an instance
 * whose config flag changed, or the CLI — because every step is a compare-and-set on the unit's epoch.
 *
 * <p>A move that does not change the authoritative side is recorded at once; instances adopt it on
 * their next tick, each draining its own in-flight transactions, and mixed phases meanwhile are safe
 * (a backfill waits until every live instance mirrors). The authority flip (SHADOW ↔ LIVE) is fenced:
 * <ol>
 * <li>the flip is opened with a deadline ({@code fence-timeout-ms});</li>
 * <li>every live instance closes its fence and acknowledges (new transactions wait, in-flight ones have
 *     drained) — an instance silent for the dead-after time is excluded, and it has stopped taking
 *     transactions itself by then;</li>
 * <li>with no transaction of the unit running anywhere, the old authoritative side's intents are
 *     drained ({@code whileFenced});</li>
 * <li>the flip is recorded — only before its deadline — and instances adopt it and reopen.</li>
 * </ol>
 * Any failure or timeout abandons the flip: the unit stays where it was and waiting writers go on.
 * RAMP_DOWN → TARGET_ONLY, which stops mirroring into legacy, is fenced the same way, so every intent is
 * drained before legacy stops receiving writes.
 */
public final class Coordinator {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    /** Where a move stands, for progress displays. */
    public record Progress(String unit, MigrationPhase from, MigrationPhase to, String stage, int instancesReady, int instancesAlive) {
    }

    /** Work done while every instance is fenced, before the flip is recorded (the intent drain). */
    @FunctionalInterface
    public interface FencedWork {
        void run(MigrationPhase from, MigrationPhase to) throws SQLException;
    }

    private static final Duration POLL = Duration.ofMillis(5);

    private final ControlStore store;
    private final Duration deadAfter;
    private final CompletenessGate gate;
    private final Polling polling;

    public Coordinator(ControlStore store, Duration deadAfter, CompletenessGate gate) {
        this(store, deadAfter, gate, Ticker.system());
    }

    /** @param ticker the clock of the move's waits (fencing, converging) */
    public Coordinator(ControlStore store, Duration deadAfter, CompletenessGate gate, Ticker ticker) {
        this.store = store;
        this.deadAfter = deadAfter;
        this.gate = gate;
        this.polling = new Polling(ticker, POLL);
    }

    /**
     * Moves {@code unit} one step to {@code to} on every instance and waits (up to {@code convergeTimeout})
     * until every live instance observes it.
     */
    public void move(String unit, MigrationPhase to, List<String> tables, Duration fenceTimeout, Duration convergeTimeout, FencedWork whileFenced,
                     Consumer<Progress> progress) throws SQLException {
        ControlStore.UnitRow row = store.unit(unit).orElseThrow(() -> new SQLException("migration unit " + unit
                + " has no row in the control store yet; start an instance (or run any command) with this configuration first", "55000"));
        if (row.fencing()) {
            throw new SQLTransientException("migration unit " + unit + ": a flip to " + row.fencePhase() + " is already in progress; wait for it", "55000");
        }
        MigrationPhase from = row.phase();
        if (from == to) {
            awaitConverged(unit, from, to, row.epoch(), convergeTimeout, progress);
            return;
        }
        from.checkMoveTo(unit, to);
        gate.check(unit, row, from, to, tables);
        if (from.authoritative() == to.authoritative() && !lettingLegacyGo(from, to)) {
            Side starts = mirroringStarts(from, to);
            if (!store.record(unit, row.epoch(), to, starts)) {
                throw new SQLTransientException("migration unit " + unit + " was moved by someone else meanwhile; look at `status` and retry", "40001");
            }
            if (starts != null) {
                gate.mirroringStarted(unit, starts);
            }
            LOG.info("migration unit {}: {} -> {} recorded (epoch {})", unit, from, to, row.epoch() + 1);
            awaitConverged(unit, from, to, row.epoch() + 1, convergeTimeout, progress);
            return;
        }
        flip(unit, row, to, fenceTimeout, whileFenced, progress);
        awaitConverged(unit, from, to, row.epoch() + 1, convergeTimeout, progress);
    }

    private void flip(String unit, ControlStore.UnitRow row, MigrationPhase to, Duration fenceTimeout, FencedWork whileFenced,
                      Consumer<Progress> progress) throws SQLException {
        MigrationPhase from = row.phase();
        long epoch = row.epoch() + 1;
        if (!store.beginFence(unit, row.epoch(), to, fenceTimeout)) {
            throw new SQLTransientException("migration unit " + unit + " was moved by someone else meanwhile; look at `status` and retry", "40001");
        }
        boolean recorded = false;
        try {
            AtomicReference<List<ControlStore.InstanceRow>> last = new AtomicReference<>(List.of());
            boolean allFenced = polling.until(fenceTimeout, () -> {
                List<ControlStore.InstanceRow> alive = alive(unit);
                last.set(alive);
                long fenced = alive.stream().filter(i -> i.fencedEpoch() == epoch).count();
                progress.accept(new Progress(unit, from, to, "fencing", (int) fenced, alive.size()));
                return fenced == alive.size();
            });
            if (!allFenced) {
                List<ControlStore.InstanceRow> alive = last.get();
                long fenced = alive.stream().filter(i -> i.fencedEpoch() == epoch).count();
                throw new SQLTransientException("migration unit " + unit + ": the flip " + from + " -> " + to + " was abandoned: "
                        + (alive.size() - fenced) + " of " + alive.size() + " live instance(s) did not fence within " + fenceTimeout.toMillis()
                        + " ms (fence-timeout-ms), e.g. " + alive.stream().filter(i -> i.fencedEpoch() != epoch).map(i -> i.instance())
                        .findFirst().orElse("?") + "; the unit stays at " + from, "40001");
            }
            progress.accept(new Progress(unit, from, to, "draining intents", 0, 0));
            whileFenced.run(from, to);
            if (!store.completeFence(unit, epoch)) {
                throw new SQLTransientException("migration unit " + unit + ": the flip " + from + " -> " + to + " ran past its deadline ("
                        + fenceTimeout.toMillis() + " ms, fence-timeout-ms) and was abandoned; the unit stays at " + from, "40001");
            }
            recorded = true;
            LOG.info("migration unit {}: {} -> {} recorded (epoch {}), every live instance fenced", unit, from, to, epoch);
        } finally {
            if (!recorded) {
                store.abortFence(unit, epoch);
            }
        }
    }

    /** Waits until every live instance observes {@code epoch} (a move is recorded at once; this is for the operator's display). */
    private void awaitConverged(String unit, MigrationPhase from, MigrationPhase to, long epoch, Duration timeout, Consumer<Progress> progress)
            throws SQLException {
        long[] behind = {0};
        boolean converged = polling.until(timeout, () -> {
            List<ControlStore.InstanceRow> alive = alive(unit);
            long there = alive.stream().filter(i -> i.observedEpoch() >= epoch).count();
            progress.accept(new Progress(unit, from, to, "converging", (int) there, alive.size()));
            behind[0] = alive.size() - there;
            return behind[0] == 0;
        });
        if (!converged) {
            LOG.warn("migration unit {}: {} is recorded but {} live instance(s) have not observed it after {} ms", unit, to, behind[0],
                    timeout.toMillis());
        }
    }

    private List<ControlStore.InstanceRow> alive(String unit) throws SQLException {
        return store.instances(unit, deadAfter).stream().filter(ControlStore.InstanceRow::alive).toList();
    }

    /**
     * RAMP_DOWN → TARGET_ONLY stops mirroring into legacy: it is fenced like a flip, so no transaction of
     * the unit runs while its intents drain and none is left behind that nothing would ever repair.
     */
    static boolean lettingLegacyGo(MigrationPhase from, MigrationPhase to) {
        return from == MigrationPhase.RAMP_DOWN && to == MigrationPhase.TARGET_ONLY;
    }

    /** The side that begins receiving mirrored writes with this move, or null. */
    static Side mirroringStarts(MigrationPhase from, MigrationPhase to) {
        if (from == MigrationPhase.LEGACY_ONLY && to == MigrationPhase.DUAL_WRITE) {
            return Side.TARGET;
        }
        if (from == MigrationPhase.TARGET_ONLY && to == MigrationPhase.RAMP_DOWN) {
            return Side.LEGACY;
        }
        return null;
    }
}
