package io.shardbridge.bridge.control;

import io.shardbridge.bridge.unit.UnitControl;
import io.shardbridge.bridge.unit.UnitControls;
import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.concurrent.Ticker;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's side of the control plane. On every tick (every {@code interval}; every 10 ms while a
 * flip is pending) it reads the units' recorded rows and:
 * <ul>
 * <li>adopts a newer recorded phase (its in-flight transactions finish in the phase they pinned);</li>
 * <li>for a pending authority flip, closes its fence — new transactions of the unit wait, in-flight ones
 *     drain — and acknowledges by heartbeating the flip's epoch as fenced; the fence stays closed until
 *     the flip is recorded (adopted) or abandoned (released);</li>
 * <li>abandons a flip whose deadline passed (its coordinator died);</li>
 * <li>heartbeats what it observes, and renews its contact deadline: an instance that has not reached the
 *     control store for half the dead-after time takes no transactions of the units, so by the time the
 *     others count it dead it has stopped writing;</li>
 * <li>publishes the units' service latency, for backfills in other processes ({@link LatencyPublisher}).</li>
 * </ul>
 * A tick can wait up to the fence timeout (adopting a phase or closing the fence while a long
 * transaction drains), far longer than half the dead-after time. Meanwhile a second thread keeps the
 * contact: every {@code interval} that a tick has been running longer than one interval, it touches this
 * instance's heartbeat rows (their last-seen time only, never the observed phase or fence, which only a
 * tick writes) and, when that reached the store, renews the contact deadline from the moment it started.
 * Why that is safe: contact means "this instance would learn of a move within dead-after / 2"; the
 * waiting tick reads the unit rows again as soon as the drain ends, and until then the fence is closed,
 * so no transaction of the unit starts at a phase the store has moved past.
 */
final class InstanceAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceAgent.class);
    private static final long FAST_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ControlStore store;
    private final UnitControls units;
    private final String instance;
    private final String host;
    private final Duration interval;
    private final Duration deadAfter;
    private final ContactRule contact;
    private final Ticker clock;
    private final ScheduledExecutorService ticker;
    private final ScheduledExecutorService contactKeeper;
    /** The {@link Ticker#nanoTime} when the running tick started, or 0 between ticks. */
    private volatile long tickStarted;
    private volatile boolean closed;
    private volatile boolean fast;

    /** Told when this instance records a unit's first row in a phase that already mirrors into {@code side}. */
    @FunctionalInterface
    public interface MirroringStarted {
        void started(String unit, io.shardbridge.config.MigrationPhase.Side side) throws SQLException;
    }

    private final MirroringStarted mirroringStarted;
    private volatile LatencyPublisher latency;

    public InstanceAgent(ControlStore store, UnitControls units, String instance, Duration interval, Duration deadAfter,
                         MirroringStarted mirroringStarted) {
        this(store, units, instance, interval, deadAfter, mirroringStarted, Ticker.system(), DaemonThreads.named("control-" + instance));
    }

    /**
     * @param clock   the clock of the contact deadlines; the units' {@link UnitState}s must read the same one
     * @param threads makes the agent's two threads (the ticks, and the contact kept during a long tick)
     */
    public InstanceAgent(ControlStore store, UnitControls units, String instance, Duration interval, Duration deadAfter,
                         MirroringStarted mirroringStarted, Ticker clock, ThreadFactory threads) {
        this.clock = clock;
        this.contact = new ContactRule(interval, deadAfter);
        this.mirroringStarted = mirroringStarted;
        this.store = store;
        this.units = units;
        this.instance = instance;
        this.host = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
        this.interval = interval;
        this.deadAfter = deadAfter;
        this.ticker = Executors.newSingleThreadScheduledExecutor(threads);
        this.contactKeeper = Executors.newSingleThreadScheduledExecutor(threads);
    }

    public String instance() {
        return instance;
    }

    /** Publish each unit's service latency with the heartbeat (none by default); {@code readings} gives null for a unit without one. */
    public void publishLatency(java.util.function.Function<String, io.shardbridge.bridge.metrics.ServiceLatency.Reading> readings) {
        PublishedLatency published = new PublishedLatency(store.dataSource());
        this.latency = new LatencyPublisher(readings, (unit, reading) -> published.publish(instance, unit, reading), clock);
    }

    /** Joins: every unit takes its recorded phase (the config's phase only creates a unit's first row), then ticks start. */
    public void start() throws SQLException {
        store.ensureSchema();
        for (UnitControl unit : units.all()) {
            io.shardbridge.config.MigrationPhase initial = unit.config().phase();
            if (store.createUnit(unit.name(), initial) && initial.mirrorsWrites()) {
                // earlier backfills into the mirror (of a unit recorded before and since forgotten) no longer count
                mirroringStarted.started(unit.name(), initial.authoritative() == io.shardbridge.config.MigrationPhase.Side.LEGACY
                        ? io.shardbridge.config.MigrationPhase.Side.TARGET : io.shardbridge.config.MigrationPhase.Side.LEGACY);
            }
            ControlStore.UnitRow row = store.unit(unit.name()).orElseThrow();
            if (row.phase() != unit.config().phase()) {
                LOG.info("migration unit {}: the control store records {} (epoch {}); this instance starts there, not at the configured {}",
                        unit.name(), row.phase(), row.epoch(), unit.config().phase());
            }
            unit.initialize(row.phase(), row.epoch());
        }
        tick();
        schedule(0);
        contactKeeper.scheduleWithFixedDelay(this::keepContactDuringLongTick, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** While a tick waits for a drain, proves this instance still reaches the control store (see the class comment). */
    private void keepContactDuringLongTick() {
        if (closed || !contact.tickRunsLong(tickStarted, clock.nanoTime())) {
            return;
        }
        long started = clock.nanoTime();
        try {
            if (store.touch(instance) && !closed) {
                long deadline = contact.contactUntil(started);
                units.all().forEach(u -> u.contactUntil(deadline));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("instance {} could not renew its contact while a phase change drains: {}", instance, e.toString());
        }
    }

    private void schedule(long delayNanos) {
        if (!closed) {
            ticker.schedule(this::tickSafely, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("control store unreachable from instance {}: {} (units stop taking transactions {} ms after the last contact)", instance,
                    e.toString(), deadAfter.toMillis() / 2);
        } finally {
            schedule(fast ? FAST_TICK_NANOS : interval.toNanos());
        }
    }

    /** One round: adopt, fence, heartbeat. */
    public synchronized void tick() throws SQLException {
        if (closed) {
            return; // after leave(): a late heartbeat would bring this instance back as a ghost that holds up flips
        }
        long started = clock.nanoTime();
        tickStarted = started;
        try {
            tickOnce(started);
        } finally {
            tickStarted = 0;
        }
    }

    private void tickOnce(long started) throws SQLException {
        List<String> names = units.all().stream().map(UnitControl::name).toList();
        boolean anyFencing = false;
        for (ControlStore.UnitRow row : store.units(names)) {
            UnitControl unit = units.named(row.unit()).orElseThrow();
            try {
                anyFencing |= follow(unit, row);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            store.heartbeat(instance, unit.name(), unit.phase(), unit.epoch(), unit.fenceHeldFor(), host);
        }
        fast = anyFencing;
        long deadline = contact.contactUntil(started);
        units.all().forEach(u -> u.contactUntil(deadline));
        LatencyPublisher publisher = latency;
        if (publisher != null) {
            try {
                publisher.tick(names);
            } catch (SQLException e) {
                LOG.debug("instance {} could not publish its service latency: {}", instance, e.toString());
            }
        }
    }

    /** Brings one unit in line with its row; true while a flip is pending. */
    private boolean follow(UnitControl unit, ControlStore.UnitRow row) throws InterruptedException, SQLException {
        long fenceTimeout = unit.config().dualWrite().fenceTimeout().toNanos();
        if (row.epoch() > unit.epoch() || row.phase() != unit.phase()) {
            if (unit.adopt(row.phase(), row.epoch(), fenceTimeout)) {
                LOG.info("migration unit {}: now {} (epoch {})", unit.name(), row.phase(), row.epoch());
            } else {
                LOG.warn("migration unit {}: transactions did not drain within {} ms to adopt {}; retrying", unit.name(),
                        TimeUnit.NANOSECONDS.toMillis(fenceTimeout), row.phase());
            }
        }
        if (row.fencing()) {
            if (row.fenceExpired()) {
                if (store.abortFence(unit.name(), row.fenceEpoch())) {
                    LOG.warn("migration unit {}: the flip to {} passed its deadline without being recorded; abandoned", unit.name(), row.fencePhase());
                }
                unit.releaseFence();
                return false;
            }
            if (unit.fenceHeldFor() != row.fenceEpoch() && !unit.holdFence(row.fenceEpoch(), fenceTimeout)) {
                LOG.warn("migration unit {}: in-flight transactions did not drain for the flip to {}; not acknowledging", unit.name(), row.fencePhase());
            }
            return true;
        }
        if (unit.fenceHeldFor() != 0) {
            unit.releaseFence(); // the flip was abandoned
            LOG.info("migration unit {}: the flip was abandoned; transactions continue at {}", unit.name(), unit.phase());
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        contactKeeper.shutdownNow();
        ticker.shutdownNow();
        try {
            contactKeeper.awaitTermination(5, TimeUnit.SECONDS);
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (this) { // a tick in progress finishes its heartbeat before the rows go
                store.leave(instance);
            }
        } catch (SQLException e) {
            LOG.debug("instance {} could not remove its heartbeat rows: {}", instance, e.toString());
        }
        units.all().forEach(u -> u.contactUntil(0));
    }

    /** Stops heartbeating without leaving: what a crashed instance looks like to the others (tests). */
    public void crash() {
        closed = true;
        contactKeeper.shutdownNow();
        ticker.shutdownNow();
    }
}
