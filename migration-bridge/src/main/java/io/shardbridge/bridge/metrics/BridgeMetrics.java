package io.shardbridge.bridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shardbridge.concurrent.Ticker;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The dual-write meters of one unit, tagged {@code unit=<name>}:
 * <ul>
 * <li>{@code shardbridge.mirror.rows} — row images applied to the mirror</li>
 * <li>{@code shardbridge.mirror.transactions} — mirrored transactions committed</li>
 * <li>{@code shardbridge.mirror.latency} — time spent on the mirror per transaction (apply + commit)</li>
 * <li>{@code shardbridge.dualwrite.stage} — by {@code stage}: where a mirrored commit spends its time
 * (images = reading key-only rows, intents, mirror-apply, authoritative-commit, mirror-commit)</li>
 * <li>{@code shardbridge.mirror.failures} — by {@code stage}: apply, commit, skipped (circuit open)</li>
 * <li>{@code shardbridge.mirror.circuit} — 0 closed, 1 open, 2 half-open</li>
 * <li>{@code shardbridge.intents.pending} — intents left for the repairer, as last counted</li>
 * <li>{@code shardbridge.intents.repaired} — rows the repairer re-applied</li>
 * <li>{@code shardbridge.shadow.reads} — by {@code result}: match, mismatch, error</li>
 * <li>{@code shardbridge.phase} — the unit's phase, 0 (LEGACY_ONLY) … 5 (TARGET_ONLY)</li>
 * <li>{@code shardbridge.backfill.rows} and {@code shardbridge.backfill.rate} — by {@code table}: rows copied, rows/s</li>
 * </ul>
 */
public final class BridgeMetrics {
    private final MeterRegistry registry;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, UnitMeters> units = new ConcurrentHashMap<>();

    /** As {@link #BridgeMetrics(MeterRegistry, Ticker)} on the system clock. */
    public BridgeMetrics(MeterRegistry registry) {
        this(registry, Ticker.system());
    }

    /** @param ticker the clock the units' {@link ServiceLatency} ages its samples by */
    public BridgeMetrics(MeterRegistry registry, Ticker ticker) {
        this.registry = registry;
        this.ticker = ticker;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * {@code shardbridge.fastpath.executions{path=fast}}: statement executions the target ran on one physical
     * table without ShardingSphere; {@code path=shardingsphere}: statements it created through ShardingSphere
     * (and fast-path executions that fell back to it). A falling fast share after a deploy points at new SQL.
     */
    public void target(io.shardbridge.sharding.fastpath.FastPathStats stats) {
        io.micrometer.core.instrument.FunctionCounter.builder("shardbridge.fastpath.executions", stats,
                io.shardbridge.sharding.fastpath.FastPathStats::fastExecutions).tag("path", "fast").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("shardbridge.fastpath.executions", stats,
                io.shardbridge.sharding.fastpath.FastPathStats::shardingSphereStatements).tag("path", "shardingsphere").register(registry);
    }

    /**
     * The meters of one unit. Its state is read through plain suppliers the caller registers, so this package
     * depends on no feature: {@code phase} gives the phase's ordinal, {@code circuit} the mirror breaker's state
     * (0 closed, 1 open, 2 half-open).
     */
    public UnitMeters unit(String unit, IntSupplier phase, IntSupplier circuit) {
        return units.computeIfAbsent(unit, name -> new UnitMeters(registry, name, phase, circuit, ticker));
    }

    /** The meters of one unit. */
    public static final class UnitMeters {
        private final Counter rows;
        private final Counter transactions;
        private final Timer latency;
        private final Counter applyFailures;
        private final Counter commitFailures;
        private final Counter skipped;
        private final Counter repaired;
        private final Counter shadowMatch;
        private final Counter shadowMismatch;
        private final Counter shadowError;
        private final AtomicLong pendingIntents = new AtomicLong();
        private final java.util.Map<String, Timer> stages = new java.util.concurrent.ConcurrentHashMap<>();
        private final MeterRegistry registry;
        private final String name;
        private final ServiceLatency serviceLatency;

        UnitMeters(MeterRegistry registry, String name, IntSupplier phase, IntSupplier circuit, Ticker ticker) {
            this.serviceLatency = new ServiceLatency(ticker);
            this.registry = registry;
            this.name = name;
            rows = Counter.builder("shardbridge.mirror.rows").tag("unit", name).description("row images applied to the mirror").register(registry);
            transactions = Counter.builder("shardbridge.mirror.transactions").tag("unit", name).register(registry);
            latency = Timer.builder("shardbridge.mirror.latency").tag("unit", name).publishPercentiles(0.5, 0.99).register(registry);
            applyFailures = failures(registry, name, "apply");
            commitFailures = failures(registry, name, "commit");
            skipped = failures(registry, name, "skipped");
            repaired = Counter.builder("shardbridge.intents.repaired").tag("unit", name).register(registry);
            shadowMatch = shadow(registry, name, "match");
            shadowMismatch = shadow(registry, name, "mismatch");
            shadowError = shadow(registry, name, "error");
            // strong references: the suppliers are lambdas no one else holds, and a gauge keeps only a weak one by default
            Gauge.builder("shardbridge.mirror.circuit", circuit, IntSupplier::getAsInt).strongReference(true).tag("unit", name).register(registry);
            Gauge.builder("shardbridge.intents.pending", pendingIntents, AtomicLong::get).tag("unit", name).register(registry);
            Gauge.builder("shardbridge.phase", phase, IntSupplier::getAsInt).strongReference(true).tag("unit", name).register(registry);
        }

        private static Counter failures(MeterRegistry registry, String unit, String stage) {
            return Counter.builder("shardbridge.mirror.failures").tag("unit", unit).tag("stage", stage).register(registry);
        }

        private static Counter shadow(MeterRegistry registry, String unit, String result) {
            return Counter.builder("shardbridge.shadow.reads").tag("unit", unit).tag("result", result).register(registry);
        }

        public void mirrored(int rowCount, long nanos) {
            rows.increment(rowCount);
            transactions.increment();
            latency.record(nanos, TimeUnit.NANOSECONDS);
        }

        private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong[]> backfill = new java.util.concurrent.ConcurrentHashMap<>();

        /** A backfill's progress on one table: rows copied so far and the current rate. */
        public void backfillProgress(String table, long rows, double rowsPerSecond) {
            java.util.concurrent.atomic.AtomicLong[] values = backfill.computeIfAbsent(table, t -> {
                java.util.concurrent.atomic.AtomicLong[] v = {new java.util.concurrent.atomic.AtomicLong(), new java.util.concurrent.atomic.AtomicLong()};
                Gauge.builder("shardbridge.backfill.rows", v[0], AtomicLong::get).tag("unit", name).tag("table", t).register(registry);
                Gauge.builder("shardbridge.backfill.rate", v[1], AtomicLong::get).tag("unit", name).tag("table", t).register(registry);
                return v;
            });
            values[0].set(rows);
            values[1].set(Math.round(rowsPerSecond));
        }

        public MeterRegistry registry() {
            return registry;
        }

        /** The commit latency of the service's own write transactions on this unit (what a backfill must not hurt). */
        public ServiceLatency serviceLatency() {
            return serviceLatency;
        }

        private Counter throttled;

        /** A backfill paused because the service's latency rose. */
        public void backfillThrottled(long nanos) {
            if (throttled == null) {
                throttled = Counter.builder("shardbridge.backfill.throttled.seconds").tag("unit", name)
                        .description("time backfills paused because the service's write latency rose").register(registry);
            }
            throttled.increment(nanos / 1e9);
        }

        /** Time spent in one stage of a mirrored commit. */
        public void stage(String stage, long nanos) {
            stages.computeIfAbsent(stage, s -> Timer.builder("shardbridge.dualwrite.stage").tag("unit", name).tag("stage", s)
                    .publishPercentiles(0.5, 0.99).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        }

        public void applyFailed() {
            applyFailures.increment();
        }

        public void commitFailed() {
            commitFailures.increment();
        }

        public void skipped() {
            skipped.increment();
        }

        public void repaired(int rowCount) {
            repaired.increment(rowCount);
        }

        public void pendingIntents(long count) {
            pendingIntents.set(count);
        }

        public void shadowMatch() {
            shadowMatch.increment();
        }

        public void shadowMismatch() {
            shadowMismatch.increment();
        }

        public void shadowError() {
            shadowError.increment();
        }
    }
}
