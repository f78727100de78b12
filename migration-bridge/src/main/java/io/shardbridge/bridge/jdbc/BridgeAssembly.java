package io.shardbridge.bridge.jdbc;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.bridge.catchup.OutsideWriteCatchUp;
import io.shardbridge.bridge.control.ControlPlane;
import io.shardbridge.bridge.dualwrite.BacklogDrain;
import io.shardbridge.bridge.dualwrite.DualWriteCommit;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.dualwrite.IntentJanitor;
import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.intent.IntentTable;
import io.shardbridge.bridge.unit.MirrorCircuit;
import io.shardbridge.bridge.dualwrite.MirrorWorkers;
import io.shardbridge.bridge.dualwrite.Repairer;
import io.shardbridge.bridge.keys.KeyAuthority;
import io.shardbridge.bridge.metrics.BridgeMetrics;
import io.shardbridge.bridge.mirror.MirrorSide;
import io.shardbridge.bridge.readiness.ReadinessReports;
import io.shardbridge.bridge.unit.MigrationUnits;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.bridge.shadow.ShadowReads;
import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationUnitConfig;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a migration layer from a builder's settings, in the order its parts depend on one another: legacy
 * and the units' table definitions, the target (perhaps late), the dual write per unit, the repairer and
 * its background drain, the control plane (joined before the phases are trusted: a unit's phase is the
 * recorded one, not the configured flag), the key allocator, readiness and the outside-writes catch-up.
 * If any step fails, whatever was opened is closed again and the failure names what could not be opened.
 *
 * <p>What it opens is closed in the reverse of need: the background work stops first, the pending intents
 * are drained while this instance still fences for flips, then it leaves the control plane, the mirror
 * workers finish their commits, the janitor clears their intents, and the pools close last.
 */
final class BridgeAssembly {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeAssembly.class);

    private final BridgeSettings settings;
    private final ShardbridgeConfig config;
    private final Ticker ticker;
    /** What the bridge opened, in closing order (pools last). */
    private final List<AutoCloseable> owned = new ArrayList<>();

    private BridgeAssembly(BridgeSettings settings) {
        this.settings = settings;
        this.config = settings.config();
        this.ticker = settings.ticker();
    }

    static BridgeDataSource open(BridgeSettings settings) {
        BridgeAssembly assembly = new BridgeAssembly(settings);
        try {
            return assembly.assemble();
        } catch (SQLException | RuntimeException e) {
            for (AutoCloseable closeable : assembly.owned) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // already failing
                }
            }
            if (e instanceof ShardbridgeException se) {
                throw se;
            }
            throw new ShardbridgeException("cannot open the shardbridge DataSource: " + e.getMessage(), e);
        }
    }

    private BridgeDataSource assemble() throws SQLException {
        BridgePools pools = new BridgePools(config, settings.legacy(), owned);
        DataSource legacyPool = pools.legacy();
        Map<String, TableDefinition> definitions = new HashMap<>();
        Map<String, String> unmirrorable = new HashMap<>();
        readDefinitions(legacyPool, definitions, unmirrorable);
        IntentTable.create(legacyPool, Dialect.POSTGRESQL);
        BridgeMetrics metrics = new BridgeMetrics(settings.registry(), ticker);
        TargetStartup target = TargetStartup.open(config, settings.target(), metrics, owned);
        DataSource targetRouting = target.routing();
        Map<String, ? extends DataSource> targetShards = target.shards();
        MigrationUnits units = new MigrationUnits(config.migrations().values(), unmirrorable, ticker);
        Map<String, DataSource> intentDatabases = new LinkedHashMap<>();
        intentDatabases.put(MirrorSide.LEGACY, legacyPool);
        intentDatabases.putAll(targetShards);
        IntentJanitor janitor = new IntentJanitor(intentDatabases, ticker, DaemonThreads.named("intent-janitor"));
        owned.add(0, janitor);
        MirrorWorkers workers = new MirrorWorkers(settings.mirrorThreads(), ticker, DaemonThreads.named("mirror"));
        owned.add(0, workers);
        Map<UnitState, DualWriteUnit> dualWrite = dualWriteUnits(units, definitions, metrics, legacyPool, targetShards);
        ThreadPoolExecutor shadowExecutor = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                DaemonThreads.named("shadow-read"));
        ShadowReads shadow = new ShadowReads(Map.of(Side.LEGACY, legacyPool, Side.TARGET, targetRouting), shadowExecutor, settings.shadowSampler());
        BridgeRuntime runtime = new BridgeRuntime(config, legacyPool, targetRouting, targetShards, units, dualWrite,
                new DualWriteCommit(janitor, workers, config.target().dialect(), ticker), shadow);
        Repairer repairer = new Repairer(pools.forRepair(), targetRouting, targetShards, config.target().dialect(), janitor, workers, ticker);
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("repairer"));
        BacklogDrain backlogDrain = new BacklogDrain(repairer, dualWrite.values(), background, settings.repairMinAge(), Duration.ofSeconds(1),
                ticker);
        if (!settings.repairInterval().isZero()) {
            backlogDrain.start(settings.repairInterval());
            runtime.commit.onMirrorAnswersAgain(backlogDrain::mirrorAnswersAgain);
        }
        DataSource controlPool = pools.forControl();
        openKeys(runtime, legacyPool, pools.forKeys(controlPool), definitions);
        ControlPlane controlPlane = new ControlPlane(controlPool, units, settings.instanceId(), settings.heartbeat(), settings.deadAfter(),
                settings.requireBackfillBeforeReads(), (unit, side) -> Backfill.forget(controlPool, unit, side), ticker)
                .publishLatency(name -> units.named(name).map(u -> dualWrite.get(u).meters().serviceLatency().reading()).orElse(null))
                .start();
        owned.add(0, controlPlane);
        target.startLateTarget(units);
        // after joining the control plane: the phases this instance will really run, as recorded, not the configured flags
        LOG.info("shardbridge bridge ready: {} migration unit(s) {}", units.all().size(), units.all().stream().map(u -> u.name() + "=" + u.phase()
                + (u.phase() != u.config().phase() ? " (flag says " + u.config().phase() + ")" : "")).toList());
        ReadinessReports readiness = new ReadinessReports(controlPool, legacyPool, config.target(), Clock.systemUTC(), settings.censusWindow());
        runtime.census = readiness.census();
        background.scheduleWithFixedDelay(readiness.census()::flush, 5, 5, TimeUnit.SECONDS);
        OutsideWriteCatchUp catchUp = null;
        if (settings.catchUpOn()) {
            catchUp = startCatchUp(dualWrite, repairer, legacyPool, controlPool, controlPlane, targetRouting);
            owned.add(0, catchUp);
        }
        // at close, before this instance leaves the control plane (a drain after leaving could race a flip it no longer fences for)
        owned.add(owned.indexOf(controlPlane), drainBeforeClose(backlogDrain, workers));
        List<AutoCloseable> closeOrder = new ArrayList<>(List.of(background::shutdownNow, readiness.census()::flush, shadow::close));
        closeOrder.addAll(owned);
        Bridge bridge = new Bridge(new BridgeParts(runtime, repairer, janitor, workers, metrics, controlPlane, controlPool, readiness,
                settings.readinessGate(), catchUp, ticker, closeOrder));
        return new BridgeDataSource(runtime, bridge);
    }

    /** Each unit's dual write: its tables' definitions, circuit breaker, meters, and the two sides its mirror writes through. */
    private Map<UnitState, DualWriteUnit> dualWriteUnits(MigrationUnits units, Map<String, TableDefinition> definitions, BridgeMetrics metrics,
                                                         DataSource legacyPool, Map<String, ? extends DataSource> targetShards) {
        Map<String, DataSource> mirrorShards = new LinkedHashMap<>();
        targetShards.forEach((name, ds) -> mirrorShards.put(name, settings.mirrorWrapper().apply(name, ds)));
        DataSource mirrorLegacy = settings.mirrorWrapper().apply(MirrorSide.LEGACY, legacyPool);
        Map<UnitState, DualWriteUnit> dualWrite = new LinkedHashMap<>();
        for (UnitState unit : units.all()) {
            MigrationUnitConfig.DualWriteSettings dw = unit.config().dualWrite();
            Map<String, TableDefinition> tables = new LinkedHashMap<>();
            unit.tables().stream().filter(definitions::containsKey).forEach(t -> tables.put(t, definitions.get(t)));
            List<TableDefinition> list = List.copyOf(tables.values());
            dualWrite.put(unit, new DualWriteUnit(unit, new MirrorCircuit(dw.circuitFailures(), dw.circuitOpenFor(), ticker),
                    metrics, MirrorSide.shards(config.target(), mirrorShards, list, dw.mirrorTimeout()),
                    MirrorSide.legacy(mirrorLegacy, list, dw.mirrorTimeout()), tables, config.target(), ticker));
        }
        return dualWrite;
    }

    /**
     * The shared key allocator for the units' sequence-filled columns, when there are any. It reserves
     * blocks through a pool of its own (two connections to the control database) when this bridge
     * opened the pools: a reservation made while every connection of the service's pool is held by a
     * caller waiting for that very reservation would otherwise wait out the pool's timeout.
     */
    private void openKeys(BridgeRuntime runtime, DataSource legacyPool, Supplier<DataSource> keysPool, Map<String, TableDefinition> definitions)
            throws SQLException {
        KeyAuthority authority = KeyAuthority.open(legacyPool, keysPool, config.migrations().values(), definitions);
        if (authority != null) {
            runtime.keyAuthority = authority;
            runtime.keyFilling = authority.filling();
        }
    }

    private OutsideWriteCatchUp startCatchUp(Map<UnitState, DualWriteUnit> dualWrite, Repairer repairer, DataSource legacyPool,
                                             DataSource controlPool, ControlPlane controlPlane, DataSource targetRouting) throws SQLException {
        Map<String, DualWriteUnit> byName = new LinkedHashMap<>();
        dualWrite.forEach((unit, dw) -> byName.put(unit.name(), dw));
        String legacyUrl = config.legacy().orElseThrow().url();
        return OutsideWriteCatchUp.start(new OutsideWriteCatchUp.Wiring(byName, repairer, legacyPool, config.legacy().orElseThrow(), controlPool,
                config.control().map(c -> c.url()).orElse(legacyUrl), controlPlane.store(), settings.registry(), settings.instanceId(),
                settings.deadAfter(), targetRouting), settings.catchUpConsumes());
    }

    /** What {@code close()} does for the intents pending: drains them within {@code drainOnClose}, or says what it left. */
    private AutoCloseable drainBeforeClose(BacklogDrain backlogDrain, MirrorWorkers workers) {
        Duration bound = settings.closeDrain();
        return () -> {
            if (bound.isZero()) {
                return;
            }
            long deadline = ticker.nanoTime() + bound.toNanos();
            workers.awaitIdle(bound.toMillis(), TimeUnit.MILLISECONDS); // mirror commits still running clear their own intents
            backlogDrain.drainBeforeClose(deadline);
        };
    }

    private void readDefinitions(DataSource legacyPool, Map<String, TableDefinition> definitions, Map<String, String> unmirrorable)
            throws SQLException {
        try (Connection c = legacyPool.getConnection()) {
            String schema = c.getSchema() == null ? "public" : c.getSchema();
            for (MigrationUnitConfig unit : config.migrations().values()) {
                for (String table : unit.tables()) {
                    try {
                        definitions.put(table, PostgresCatalogReader.read(c, schema, table));
                    } catch (ShardbridgeException e) {
                        if (e.getMessage().contains("does not exist")) {
                            throw new ShardbridgeException("migrations." + unit.name() + ".tables: " + e.getMessage(), e);
                        }
                        unmirrorable.put(table, e.getMessage());
                    }
                }
            }
        }
    }
}
