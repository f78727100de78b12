package io.shardbridge.bridge.unit;

import io.shardbridge.bridge.intent.IntentTable;
import io.shardbridge.bridge.metrics.BridgeMetrics;
import io.shardbridge.bridge.mirror.MirrorSide;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.ShardLayout;
import java.util.Map;

/** Everything the dual write needs about one unit: its state, mirrors, breaker, meters and table definitions. */
public final class DualWriteUnit {
    private final UnitState state;
    private final MirrorCircuit circuit;
    private final BridgeMetrics.UnitMeters meters;
    private final MirrorSide toTarget;
    private final MirrorSide toLegacy;
    private final Map<String, TableDefinition> tables;
    private final TargetConfig target;
    private final RecentWrites recentWrites;
    private final MirrorBacklog backlog = new MirrorBacklog();

    /** As the constructor with a {@link Ticker}, on the system clock. */
    public DualWriteUnit(UnitState state, MirrorCircuit circuit, BridgeMetrics metrics, MirrorSide toTarget, MirrorSide toLegacy,
                         Map<String, TableDefinition> tables, TargetConfig target) {
        this(state, circuit, metrics, toTarget, toLegacy, tables, target, Ticker.system());
    }

    /** @param ticker the clock {@link #recentWrites()} stamps keys with */
    public DualWriteUnit(UnitState state, MirrorCircuit circuit, BridgeMetrics metrics, MirrorSide toTarget, MirrorSide toLegacy,
                         Map<String, TableDefinition> tables, TargetConfig target, Ticker ticker) {
        this.recentWrites = new RecentWrites(100_000, ticker);
        this.state = state;
        this.circuit = circuit;
        this.meters = metrics.unit(state.name(), () -> state.phase().ordinal(), () -> circuit.state().ordinal());
        this.toTarget = toTarget;
        this.toLegacy = toLegacy;
        this.tables = Map.copyOf(tables);
        this.target = target;
    }

    public UnitState state() {
        return state;
    }

    /** Keys written lately, for continuous verification. */
    public RecentWrites recentWrites() {
        return recentWrites;
    }

    /** Whether mirror writes failed since the intents were last drained completely. */
    public MirrorBacklog backlog() {
        return backlog;
    }

    public MirrorCircuit circuit() {
        return circuit;
    }

    public BridgeMetrics.UnitMeters meters() {
        return meters;
    }

    /** The side that receives the images when {@code authoritative} is written. */
    public MirrorSide mirrorFor(Side authoritative) {
        return authoritative == Side.LEGACY ? toTarget : toLegacy;
    }

    public TableDefinition table(String name) {
        return tables.get(name);
    }

    /** The target shard-key column of a table, or null for a broadcast table. */
    public String shardKey(String table) {
        return target.table(table).map(r -> r.shardKey()).orElse(null);
    }

    /** The shard database that holds the row with this key image on the target. */
    public String shardOf(RowImage key) {
        return target.table(key.table()).map(rule -> {
            // a NULL shard key has its place (slot 0); only an image without the column cannot be placed
            return key.has(rule.shardKey()) ? new ShardLayout(rule, target.shardNames()).locate(key.get(rule.shardKey())).shard() : null;
        }).orElse(target.shardNames().get(0));
    }

    /** The key columns of an image, as its intent records them ({@link IntentTable#keyColumns}; the shard key only when the image has it). */
    public RowImage keyOf(RowImage image) {
        String shardKey = shardKey(image.table());
        return image.project(IntentTable.keyColumns(tables.get(image.table()).primaryKey(), shardKey != null && image.has(shardKey) ? shardKey : null));
    }
}
