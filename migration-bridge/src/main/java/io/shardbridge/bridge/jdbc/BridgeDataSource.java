package io.shardbridge.bridge.jdbc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.ShardbridgeException;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.jdbc.delegate.DelegatingDataSource;
import io.shardbridge.target.ShardedTarget;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The DataSource a service uses during a migration (DESIGN §4, §5): legacy PostgreSQL and the sharded
 * target behind one JDBC surface. Statements on tables outside every migration unit go to legacy
 * untouched; statements on a unit's tables go to its authoritative side, and writes in a mirroring
 * phase are mirrored as row images with durable intents. Open it with {@link #builder(ShardbridgeConfig)}
 * or through {@code jdbc:shardbridge:} URLs; the operator's side of it (phase moves, backfill, verify,
 * repair, status) is its {@link #bridge()}.
 */
public final class BridgeDataSource extends DelegatingDataSource implements AutoCloseable {
    private final BridgeRuntime runtime;
    private final Bridge bridge;

    BridgeDataSource(BridgeRuntime runtime, Bridge bridge) {
        super(runtime.legacy); // connections start on legacy; the log writer and login timeout are its pool's
        this.runtime = runtime;
        this.bridge = bridge;
    }

    public static Builder builder(ShardbridgeConfig config) {
        return new Builder(config);
    }

    /** The operator API of this DataSource's migration layer: phase moves, backfill, verification, repair, status. */
    public Bridge bridge() {
        return bridge;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new BridgeConnection(runtime, runtime.legacy.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("shardbridge connects with the credentials in its configuration; call getConnection()", "0A000");
    }

    /**
     * This object only: legacy's pool is not reachable through it (a caller that unwrapped it, such as a
     * pool-metrics binder, would take legacy's connections for this DataSource's, which reach both sides).
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface != null && iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + (iface == null ? null : iface.getName()));
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface != null && iface.isInstance(this);
    }

    /** Closes the migration layer: see {@link Bridge#close()}. */
    @Override
    public void close() {
        bridge.close();
    }

    /**
     * Opens a {@link BridgeDataSource}; every setting has a production default. Each setter checks its value
     * (and how it fits the others set with it) at once, naming the setting and the fix, so a bad setting
     * fails where it is written, not at start-up.
     */
    public static final class Builder {
        private static final Duration DEFAULT_CLOSE_DRAIN = Duration.ofSeconds(10);
        /** The control store's {@code instance_id} column. */
        private static final int LONGEST_INSTANCE_ID = 200;

        private final ShardbridgeConfig config;
        private MeterRegistry registry;
        private BiFunction<String, DataSource, DataSource> mirrorWrapper = (database, ds) -> ds;
        private DataSource legacy;
        private ShardedTarget target;
        private Duration repairInterval = Duration.ofSeconds(5);
        private Duration repairMinAge = Duration.ofSeconds(10);
        private Duration closeDrain;
        private IntSupplier shadowSampler = io.shardbridge.bridge.shadow.ShadowReads.randomPercentile();
        private int mirrorThreads = 64;
        private Duration heartbeat;
        private Duration deadAfter;
        private boolean requireBackfillBeforeReads = true;
        private boolean readinessGate = true;
        private Duration censusWindow = Duration.ofDays(7);
        private String instanceId;
        private boolean catchUpOn = true;
        private boolean catchUpConsumes = true;
        private Ticker ticker = Ticker.system();

        private Builder(ShardbridgeConfig config) {
            Objects.requireNonNull(config, "config must not be null");
            if (config.legacy().isEmpty()) {
                throw new ShardbridgeException("legacy: is missing; the migration layer needs the legacy PostgreSQL database the tables move off");
            }
            this.config = config;
            this.heartbeat = config.timing().heartbeat();
            this.deadAfter = config.timing().deadAfter();
        }

        /**
         * Where the {@code shardbridge.*} meters go (the application's registry; the starter passes Spring's).
         * Unset, they go to a registry of this DataSource's own, read through {@link Bridge#metrics()}.
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.registry = Objects.requireNonNull(value, "meterRegistry must not be null; leave it unset for a registry of the DataSource's own");
            return this;
        }

        /** Wraps every DataSource the mirror writes through (fault injection in tests, extra instrumentation). */
        public Builder mirrorDataSourceWrapper(UnaryOperator<DataSource> value) {
            Objects.requireNonNull(value, "mirrorDataSourceWrapper must not be null; leave it unset to mirror through the DataSources as they are");
            this.mirrorWrapper = (database, ds) -> value.apply(ds);
            return this;
        }

        /** As {@link #mirrorDataSourceWrapper(UnaryOperator)}, told which database it wraps: "legacy" or a shard's name. */
        public Builder mirrorDatabaseWrapper(BiFunction<String, DataSource, DataSource> value) {
            this.mirrorWrapper = Objects.requireNonNull(value,
                    "mirrorDatabaseWrapper must not be null; leave it unset to mirror through the DataSources as they are");
            return this;
        }

        /** Uses this legacy DataSource instead of opening a pool from {@code legacy:} (the caller closes it). */
        public Builder legacyDataSource(DataSource value) {
            this.legacy = Objects.requireNonNull(value, "legacyDataSource must not be null; leave it unset to open a pool from legacy: in the YAML");
            return this;
        }

        /** Uses an already open target instead of opening one from {@code target:} (the caller closes it). */
        public Builder target(ShardedTarget value) {
            this.target = Objects.requireNonNull(value, "target must not be null; leave it unset to open the target from target: in the YAML");
            return this;
        }

        /**
         * How often leftover intents are re-applied in the background, and how old they must be (default every
         * 5 s, intents older than 10 s); {@code repair(Duration.ZERO, Duration.ZERO)} turns it off (one-off tools).
         */
        public Builder repair(Duration interval, Duration minAge) {
            Objects.requireNonNull(interval, "repair interval must not be null; Duration.ZERO turns the background repair off");
            Objects.requireNonNull(minAge, "repair minAge must not be null; Duration.ZERO repairs intents of any age");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("repair interval must not be negative, was " + interval
                        + "; pass Duration.ZERO to turn the background repair off");
            }
            if (!interval.isZero() && interval.toMillis() < 1) {
                throw new IllegalArgumentException("repair interval must be zero (off) or at least 1 ms, was " + interval
                        + ": the passes are scheduled in whole milliseconds");
            }
            if (minAge.isNegative()) {
                throw new IllegalArgumentException("repair minAge must not be negative, was " + minAge + "; Duration.ZERO repairs intents of any age");
            }
            if (interval.isZero() && !minAge.isZero()) {
                throw new IllegalArgumentException("repair minAge " + minAge + " has no effect with the background repair off (interval zero); "
                        + "pass repair(Duration.ZERO, Duration.ZERO) to turn it off, or a positive interval to keep it on");
            }
            this.repairInterval = interval;
            this.repairMinAge = minAge;
            return this;
        }

        /**
         * How long {@code close()} may spend re-applying the intents still pending (writes whose mirror failed,
         * an outage's backlog), default 10 s; zero closes at once. Whatever it cannot drain in that time stays in
         * the intent table, is logged per unit, and is taken by the next instance's background repair. With
         * background repair off ({@code repair(Duration.ZERO, …)}, one-off CLI commands) the default is zero.
         */
        public Builder drainOnClose(Duration value) {
            Objects.requireNonNull(value, "drainOnClose must not be null; Duration.ZERO closes without draining");
            if (value.isNegative()) {
                throw new IllegalArgumentException("drainOnClose must not be negative, was " + value + "; Duration.ZERO closes without draining");
            }
            this.closeDrain = value;
            return this;
        }

        /** The most mirror transactions in flight at once on worker threads (default 64); beyond that a caller runs its own, synchronously. */
        public Builder mirrorThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("mirrorThreads must be at least 1, was " + value
                        + "; it bounds the mirror transactions on worker threads (default 64), and a caller beyond it mirrors on its own thread");
            }
            this.mirrorThreads = value;
            return this;
        }

        /**
         * How often this instance reads the control store and heartbeats (default {@code control.heartbeat-ms},
         * 100 ms; every 10 ms while a flip is pending), and after how long without a heartbeat the others count
         * an instance dead (default {@code control.instance-dead-after-ms}, 10 s). An instance that cannot reach
         * the control store for half that time stops taking transactions of the units, so a dead-counted
         * instance has stopped writing.
         */
        public Builder controlTiming(Duration heartbeatInterval, Duration instanceDeadAfter) {
            Objects.requireNonNull(heartbeatInterval, "controlTiming heartbeatInterval must not be null");
            Objects.requireNonNull(instanceDeadAfter, "controlTiming instanceDeadAfter must not be null");
            if (heartbeatInterval.toMillis() < 1) {
                throw new IllegalArgumentException("controlTiming heartbeatInterval must be at least 1 ms, was " + heartbeatInterval
                        + " (default 100 ms, control.heartbeat-ms)");
            }
            if (instanceDeadAfter.compareTo(heartbeatInterval.multipliedBy(4)) < 0) {
                throw new IllegalArgumentException("controlTiming instanceDeadAfter " + instanceDeadAfter + " must be at least four heartbeat "
                        + "intervals (4 × " + heartbeatInterval + "), or a live instance that misses a heartbeat or two counts as dead; "
                        + "raise instanceDeadAfter or shorten the heartbeat");
            }
            this.heartbeat = heartbeatInterval;
            this.deadAfter = instanceDeadAfter;
            return this;
        }

        /** This instance's name in the control store (default: random, with the host and process id). */
        public Builder instanceId(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("instanceId must not be blank; leave it unset for a generated one (random, with host and pid)");
            }
            if (value.length() > LONGEST_INSTANCE_ID) {
                throw new IllegalArgumentException("instanceId is " + value.length() + " characters; the control store keeps at most "
                        + LONGEST_INSTANCE_ID + ": pass a shorter name");
            }
            this.instanceId = value;
            return this;
        }

        /**
         * Whether a move that reads from the mirror needs a finished backfill and a clean verification first
         * (DESIGN §4; default true). Turn it off only for tests whose tables start empty.
         */
        public Builder requireBackfillBeforeReads(boolean value) {
            this.requireBackfillBeforeReads = value;
            return this;
        }

        /**
         * Whether a move that makes the target authoritative is refused while the readiness report holds a blocker
         * (DESIGN §11; default true). Off only for tests that walk units with deliberately unportable SQL.
         */
        public Builder readinessGate(boolean value) {
            this.readinessGate = value;
            return this;
        }

        /** How long a statement shape seen in the census counts toward the readiness report's blockers (default 7 days). */
        public Builder censusWindow(Duration value) {
            Objects.requireNonNull(value, "censusWindow must not be null (default 7 days)");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("censusWindow must be positive, was " + value + " (default 7 days)");
            }
            this.censusWindow = value;
            return this;
        }

        /**
         * The logical-replication safety net for writes made outside shardbridge (DESIGN §10; default on, and
         * per unit {@code catch-up: false} turns it off). Off here: no slots, no outside-writes wait (for
         * suites that write legacy directly on purpose).
         */
        public Builder outsideWriteCatchUp(boolean value) {
            this.catchUpOn = value;
            return this;
        }

        /**
         * Whether this DataSource consumes the units' slots when it holds their lease (default true). One-off
         * processes (the CLI) pass false: they still create and drop slots and check the wait at a flip.
         */
        public Builder consumeCatchUp(boolean value) {
            this.catchUpConsumes = value;
            return this;
        }

        /** Picks a number 0..99 per read to decide shadow sampling (tests pass a fixed one). */
        public Builder shadowSampler(IntSupplier value) {
            this.shadowSampler = Objects.requireNonNull(value, "shadowSampler must not be null; leave it unset for random sampling");
            return this;
        }

        /** The clock the layer's timed decisions read (default {@link Ticker#system()}; tests pass a ManualTicker). */
        public Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "ticker must not be null; leave it unset for Ticker.system()");
            return this;
        }

        /**
         * Opens the pools, the target, the control plane and the background work, and joins the control plane.
         *
         * @throws ShardbridgeException naming what could not be opened; whatever was opened is closed again
         */
        public BridgeDataSource open() {
            return BridgeAssembly.open(settings());
        }

        BridgeSettings settings() {
            Duration drain = closeDrain != null ? closeDrain : repairInterval.isZero() ? Duration.ZERO : DEFAULT_CLOSE_DRAIN;
            String instance = instanceId != null ? instanceId
                    : UUID.randomUUID().toString().substring(0, 8) + "@" + ManagementFactory.getRuntimeMXBean().getName();
            return new BridgeSettings(config, registry != null ? registry : new SimpleMeterRegistry(), mirrorWrapper, legacy, target,
                    repairInterval, repairMinAge, drain, shadowSampler, mirrorThreads, heartbeat, deadAfter, requireBackfillBeforeReads,
                    readinessGate, censusWindow, instance, catchUpOn, catchUpConsumes, ticker);
        }
    }
}
