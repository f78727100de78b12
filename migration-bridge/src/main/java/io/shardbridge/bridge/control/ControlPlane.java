package io.shardbridge.bridge.control;

import io.shardbridge.bridge.unit.MigrationUnits;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.MigrationPhase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** One DataSource's view of the control plane: its agent, a coordinator for the moves it starts, and the checks that read the store. */
public final class ControlPlane implements AutoCloseable {
    private final ControlStore store;
    private final InstanceAgent agent;
    private final Coordinator coordinator;
    private final Duration deadAfter;

    /**
     * Takes control of {@code units} ({@link MigrationUnits#takeControl}): from here on only this control plane moves their
     * phases and holds their fences. {@code mirroringStarted} is told whenever a side begins receiving a unit's mirrored
     * writes (its earlier backfills no longer count): the wiring hands it to whoever keeps that progress.
     */
    public ControlPlane(DataSource control, MigrationUnits units, String instance, Duration heartbeat, Duration deadAfter, boolean gateEnforced,
                        InstanceAgent.MirroringStarted mirroringStarted) {
        this(control, units, instance, heartbeat, deadAfter, gateEnforced, mirroringStarted, Ticker.system());
    }

    /** @param ticker the clock of the agent's contact deadlines and the coordinator's waits; {@code units} must read the same one */
    public ControlPlane(DataSource control, MigrationUnits units, String instance, Duration heartbeat, Duration deadAfter, boolean gateEnforced,
                        InstanceAgent.MirroringStarted mirroringStarted, Ticker ticker) {
        this.store = new ControlStore(control);
        this.deadAfter = deadAfter;
        this.agent = new InstanceAgent(store, units.takeControl(), instance, heartbeat, deadAfter, mirroringStarted, ticker,
                DaemonThreads.named("control-" + instance));
        this.coordinator = new Coordinator(store, deadAfter, new CompletenessGate(control, gateEnforced, mirroringStarted), ticker);
    }

    public ControlPlane start() throws SQLException {
        agent.start();
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "shardbridge-control-leave"));
        return this;
    }

    public String instance() {
        return agent.instance();
    }

    /** Publish the units' service latency with this instance's heartbeat, for backfills in other processes ({@link PublishedLatency}). */
    public ControlPlane publishLatency(java.util.function.Function<String, io.shardbridge.bridge.metrics.ServiceLatency.Reading> readings) {
        agent.publishLatency(readings);
        return this;
    }

    /** The unit's service latency as the other live instances published it, slowest first. */
    public List<PublishedLatency.InstanceLatency> publishedLatency(String unit) throws SQLException {
        return new PublishedLatency(store.dataSource()).live(unit, deadAfter, agent.instance());
    }

    public ControlStore store() {
        return store;
    }

    public Duration deadAfter() {
        return deadAfter;
    }

    /** Moves a unit one step on every instance; this instance adopts the result before it returns. */
    public void move(UnitState unit, MigrationPhase to, Coordinator.FencedWork whileFenced, Consumer<Coordinator.Progress> progress)
            throws SQLException {
        unit.requireMirrorable(to);
        Duration fence = unit.config().dualWrite().fenceTimeout();
        // this instance acknowledges or adopts at the start of each stage, not on every 5 ms poll of it:
        // after that its own ticks (every 10 ms while a flip is pending) carry on
        String[] stage = {null};
        Consumer<Coordinator.Progress> nudging = p -> {
            if (!p.stage().equals(stage[0])) {
                stage[0] = p.stage();
                nudge();
            }
            progress.accept(p);
        };
        coordinator.move(unit.name(), to, unit.tables(), fence, fence.multipliedBy(2), whileFenced, nudging);
        nudge();
    }

    /** Backfill and verification run only while every live instance mirrors the unit's writes (DESIGN §4). */
    public void requireEveryInstanceMirroring(String unit, String what) throws SQLException {
        ControlStore.UnitRow row = store.unit(unit).orElseThrow();
        if (!row.phase().mirrorsWrites()) {
            throw new SQLException("migration unit " + unit + " is at " + row.phase() + " in the control store: " + what
                    + " runs from DUAL_WRITE to RAMP_DOWN. Move it first: `shardbridge phase --config … --unit " + unit + " --to "
                    + (row.phase() == MigrationPhase.LEGACY_ONLY ? "DUAL_WRITE" : "RAMP_DOWN") + "`.", "55000");
        }
        List<ControlStore.InstanceRow> behind = store.instances(unit, deadAfter).stream()
                .filter(i -> i.alive() && (i.observedEpoch() < row.epoch() || !i.observedPhase().mirrorsWrites())).toList();
        if (!behind.isEmpty()) {
            throw new SQLException("migration unit " + unit + ": " + what + " waits until every live instance mirrors its writes, and "
                    + behind.size() + " still observe(s) an earlier phase (" + behind.get(0).instance() + " at " + behind.get(0).observedPhase()
                    + "); retry in a moment, or look at `shardbridge status`", "55000");
        }
    }

    private void nudge() {
        try {
            agent.tick();
        } catch (SQLException e) {
            // the agent's own schedule retries
        }
    }

    /** Stops heartbeating without leaving, as a crashed process would (tests). */
    public void crash() {
        agent.crash();
    }

    @Override
    public void close() {
        agent.close();
    }
}
