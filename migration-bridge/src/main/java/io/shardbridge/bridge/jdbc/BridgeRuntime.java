package io.shardbridge.bridge.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardbridge.bridge.capture.WriteCapture;
import io.shardbridge.bridge.dualwrite.DualWriteCommit;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.unit.MigrationUnits;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.bridge.shadow.ShadowReads;
import io.shardbridge.bridge.sql.StatementClassifier;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.ShardbridgeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What every connection of one {@link BridgeDataSource} shares: both sides, the units, the statement
 * plans (cached by SQL text: a service sends a few hundred distinct texts, each millions of times; a
 * plan depends on this data source's units, so it is cached here, while the parse it is built from is
 * the shared {@link io.shardbridge.sql.ParsedStatements} entry), the commit protocol and the shadow reader.
 */
final class BridgeRuntime {
    final ShardbridgeConfig config;
    final DataSource legacy;
    final DataSource target;
    /** The target's physical databases by shard name (for tools that read physical tables: verification). */
    final Map<String, ? extends DataSource> shards;
    final MigrationUnits units;
    final Map<UnitState, DualWriteUnit> dualWrite;
    final DualWriteCommit commit;
    final ShadowReads shadow;
    final IndirectWriteGuard indirectWrites;
    /** What observes every routed execution: the capture stage's timing, and the shadow reads' comparison when shadow reads are on. */
    final ExecutionListeners listeners;
    /** The routing policy every connection of this data source applies. */
    final StatementRouter router;
    /** Fills the sequence keys an INSERT leaves out once the target is authoritative (set once at open, before any connection). */
    io.shardbridge.bridge.keys.KeyFilling keyFilling = io.shardbridge.bridge.keys.KeyFilling.NONE;
    /** The key hand-over at each authority flip; null when no unit table has a sequence-filled column. */
    io.shardbridge.bridge.keys.KeyAuthority keyAuthority;
    private final StatementClassifier classifier;
    private final Cache<String, StatementPlan> plans;
    private final Map<String, Pattern> tableMentions;

    BridgeRuntime(ShardbridgeConfig config, DataSource legacy, DataSource target, Map<String, ? extends DataSource> shards, MigrationUnits units,
                  Map<UnitState, DualWriteUnit> dualWrite, DualWriteCommit commit, ShadowReads shadow) {
        this.config = config;
        this.legacy = legacy;
        this.target = target;
        this.shards = Map.copyOf(shards);
        this.units = units;
        this.dualWrite = dualWrite;
        this.commit = commit;
        this.shadow = shadow;
        this.classifier = new StatementClassifier(Dialect.POSTGRESQL);
        this.indirectWrites = new IndirectWriteGuard(units, legacy);
        List<ExecutionListener> observers = new ArrayList<>(List.of(new CaptureTimings()));
        if (shadow != null) {
            observers.add(new ShadowReadListener(shadow));
        }
        this.listeners = new ExecutionListeners(observers, io.shardbridge.concurrent.Ticker.system());
        this.router = new StatementRouter(units, new RuntimeUnitFacts(dualWrite, shadow, config.target()));
        this.plans = Caffeine.newBuilder().maximumSize(20_000).build();
        this.tableMentions = new java.util.HashMap<>();
        for (UnitState unit : units.all()) {
            for (String table : unit.tables()) {
                tableMentions.put(table, Pattern.compile("(?i)(?<![A-Za-z0-9_$])\"?" + Pattern.quote(table) + "\"?(?![A-Za-z0-9_$])"));
            }
        }
    }

    /** The statement census, set once when the data source opens (null: no census, e.g. no units). */
    io.shardbridge.bridge.readiness.StatementCensus census;

    /** Counts one execution in the census of each unit it touches that has left LEGACY_ONLY (DESIGN §11). */
    void recordCensus(StatementPlan plan) {
        io.shardbridge.bridge.readiness.StatementCensus c = census;
        if (c == null) {
            return;
        }
        List<UnitState> touched = plan.unclassifiable() != null ? List.of(units.ofTable(plan.unclassifiable())) : plan.units();
        for (UnitState unit : touched) {
            if (unit.phase() != io.shardbridge.config.MigrationPhase.LEGACY_ONLY) {
                c.record(unit.name(), plan.sql(), plan.shape(), () -> plan.shape() == null ? java.util.Set.of()
                        : plan.shape().tables().stream().filter(t -> units.ofTable(t.toLowerCase(Locale.ROOT)) == null)
                        .collect(java.util.stream.Collectors.toSet()));
            }
        }
    }

    StatementPlan plan(String sql) {
        return plans.get(sql, this::newPlan);
    }

    private StatementPlan newPlan(String sql) {
        if (units.isEmpty()) {
            return new StatementPlan(sql, null, List.of(), true, null);
        }
        String text = io.shardbridge.bridge.sql.BackslashLiterals.asEscapeStrings(sql); // the same statement, in text the router's parser reads
        StatementShape shape = classifier.classify(text);
        if (shape.kind() == StatementKind.UNPARSEABLE) {
            String mentioned = tableMentions.entrySet().stream().filter(e -> e.getValue().matcher(text).find())
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            return new StatementPlan(text, shape, List.of(), true, mentioned);
        }
        List<UnitState> touched = new ArrayList<>();
        boolean legacyOnlyTables = false;
        for (String table : shape.tables()) {
            UnitState unit = units.ofTable(table.toLowerCase(Locale.ROOT));
            if (unit == null) {
                legacyOnlyTables = true;
            } else if (!touched.contains(unit)) {
                touched.add(unit);
            }
        }
        return new StatementPlan(text, shape, touched, legacyOnlyTables, null);
    }

    /** How writes are captured on {@code side} for {@code table}. */
    WriteCapture captureFor(Side side, String table) {
        if (side == Side.LEGACY) {
            return WriteCapture.legacy();
        }
        return WriteCapture.target(config.target(), config.target().table(table).flatMap(r -> r.generatedKey()).orElse(null));
    }

    Dialect dialect(Side side) {
        return side == Side.LEGACY ? Dialect.POSTGRESQL : config.target().dialect();
    }
}
