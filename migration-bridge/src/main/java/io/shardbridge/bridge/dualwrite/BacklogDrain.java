package io.shardbridge.bridge.dualwrite;

import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.mirror.MirrorSide;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the intents that mirror failures leave, without an operator (DESIGN §5.2–5.3), in three ways:
 * <ul>
 * <li><b>every {@code interval}</b>, intents at least {@code minAge} old (a crash's leftovers; younger ones
 *     usually belong to mirror transactions still committing) — or all of them while the unit has a
 *     {@link MirrorBacklog}, i.e. its mirror writes failed or skipped the breaker since the last complete drain;</li>
 * <li><b>as soon as the mirror answers again</b> after such failures: the first mirror commit that succeeds
 *     asks for a pass at once (at most one queued per unit, and not more often than {@code retryAfter}
 *     while passes keep failing), so an outage converges seconds after the shard returns, not after its
 *     intents have aged;</li>
 * <li><b>at {@link #drainBeforeClose close}</b>, within a bound, whatever the breaker says (no writer is
 *     left to need its trial call), naming what it left and who takes it.</li>
 * </ul>
 * Each pass is a {@link Repairer#drainBacklog} pass (batched, entering the unit per batch, so it never races
 * a phase move) and drains the intents that existed when it started. While writers run, the breaker is only
 * looked at ({@link MirrorCircuit#isOpen()}): a pass never takes the trial call meant for a writer. Correctness
 * rests on the {@link Repairer}: re-applying an intent whose mirror write did succeed changes nothing.
 */
public final class BacklogDrain {
    private static final Logger LOG = LoggerFactory.getLogger(BacklogDrain.class);

    private final Repairer repairer;
    private final Collection<DualWriteUnit> units;
    private final ScheduledExecutorService executor;
    private final Duration minAge;
    private final Duration retryAfter;
    private final Ticker ticker;
    private final Map<DualWriteUnit, Boolean> queued = new ConcurrentHashMap<>();
    private final Map<DualWriteUnit, Long> notBefore = new ConcurrentHashMap<>();

    /**
     * @param executor runs the passes (one thread: passes of one unit never overlap)
     * @param minAge   how old an intent must be for the periodic pass while the unit has no backlog
     */
    public BacklogDrain(Repairer repairer, Collection<DualWriteUnit> units, ScheduledExecutorService executor, Duration minAge,
                        Duration retryAfter, Ticker ticker) {
        this.repairer = repairer;
        this.units = List.copyOf(units);
        this.executor = executor;
        this.minAge = minAge;
        this.retryAfter = retryAfter;
        this.ticker = ticker;
    }

    /** Starts the periodic passes. */
    public BacklogDrain start(Duration interval) {
        executor.scheduleWithFixedDelay(() -> units.forEach(this::passQuietly), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** A mirror commit of {@code unit} succeeded while it had a backlog: drain it now (see the class comment). */
    public void mirrorAnswersAgain(DualWriteUnit unit) {
        Long wait = notBefore.get(unit);
        if (wait != null && ticker.nanoTime() - wait < 0 || queued.putIfAbsent(unit, Boolean.TRUE) != null) {
            return;
        }
        try {
            executor.execute(() -> {
                queued.remove(unit);
                passQuietly(unit);
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            queued.remove(unit);
        }
    }

    private void passQuietly(DualWriteUnit unit) {
        if (!unit.state().phase().mirrorsWrites() || unit.circuit().isOpen()) {
            return;
        }
        boolean backlog = unit.backlog().pending();
        try {
            Repairer.Pass pass = repairer.drainBacklog(unit, backlog ? Duration.ZERO : minAge, Long.MAX_VALUE);
            if (pass.complete()) {
                if (backlog) {
                    LOG.info("migration unit {}: the mirror answers again; {} row(s) left by its failures re-applied", unit.state().name(),
                            pass.repaired());
                }
                notBefore.remove(unit);
            }
        } catch (SQLException | RuntimeException e) {
            notBefore.put(unit, ticker.nanoTime() + retryAfter.toNanos());
            LOG.debug("migration unit {}: background repair failed, retrying later: {}", unit.state().name(), e.toString());
        }
    }

    /**
     * Drains every mirroring unit's intents, whatever their age, until {@code deadlineNanos}; logs what is
     * left and who takes it. Returns the intents left per unit (-1: unknown, the authoritative side did not answer).
     */
    public Map<String, Long> drainBeforeClose(long deadlineNanos) {
        Map<String, Long> left = new LinkedHashMap<>();
        for (DualWriteUnit unit : units) {
            if (!unit.state().phase().mirrorsWrites()) {
                continue;
            }
            Side side = unit.state().phase().authoritative();
            String reason = null;
            try {
                // The breaker is not consulted: no writer is left to take its trial call, and a shard that came back
                // during the cool-down must still be drained before the service exits. A shard still down fails the
                // first read of the pass (its connect timeout bounds the wait), and the intents stay for the next instance.
                if (!repairer.drainBacklog(unit, Duration.ZERO, deadlineNanos).complete()) {
                    reason = "the close bound ran out, or the unit changed phase";
                }
            } catch (SQLException | RuntimeException e) {
                reason = e.toString();
            }
            if (reason == null) {
                continue;
            }
            long pending;
            try {
                pending = repairer.pending(unit, side);
            } catch (SQLException | RuntimeException e) {
                pending = -1;
            }
            if (pending == 0) {
                continue;
            }
            left.put(unit.state().name(), pending);
            LOG.warn("migration unit {}: closing with {} intent(s) not yet re-applied to {} ({}): they stay in {}'s shardbridge_intent, and the "
                    + "next instance's background repair takes them, or run `shardbridge repair --config … --unit {}`",
                    unit.state().name(), pending < 0 ? "an unknown number of" : String.valueOf(pending),
                    side == Side.LEGACY ? "the target" : "legacy", reason, side == Side.LEGACY ? MirrorSide.LEGACY : "the shards",
                    unit.state().name());
        }
        return left;
    }
}
