package io.shardbridge.bridge.jdbc;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.bridge.intent.IntentTable;
import io.shardbridge.bridge.metrics.BridgeMetrics;
import io.shardbridge.bridge.unit.MigrationUnits;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationUnitConfig;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.target.ShardedTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sharded target as the layer starts with it: handed in, opened now, or — when a shard cannot be
 * reached — a {@link LateTarget} opened in the background, which is allowed only while legacy is
 * authoritative for every unit (DESIGN §8). Whichever way it opens, the same preparation runs before its
 * first use: the shards' intent tables, the missing-table warning, its meters.
 */
final class TargetStartup {
    private static final Logger LOG = LoggerFactory.getLogger(TargetStartup.class);
    /** First retry of a target that could not be opened at start-up (doubling up to 30 s). */
    private static final Duration TARGET_RETRY = Duration.ofSeconds(2);

    private final ShardedTarget open;
    private final LateTarget late;

    private TargetStartup(ShardedTarget open, LateTarget late) {
        this.open = open;
        this.late = late;
    }

    /**
     * @param handedIn an open target (the caller closes it), or null to open one from {@code target:}; one
     *                 opened here is added to {@code owned}
     */
    static TargetStartup open(ShardbridgeConfig config, ShardedTarget handedIn, BridgeMetrics metrics, List<AutoCloseable> owned) {
        Consumer<ShardedTarget> prepare = opened(config, metrics);
        if (handedIn != null) {
            prepare.accept(handedIn);
            return new TargetStartup(handedIn, null);
        }
        ShardedTarget sharded;
        try {
            sharded = ShardedTarget.open(config.target());
        } catch (ShardbridgeException e) {
            if (!LateTarget.unreachable(e)) {
                throw e;
            }
            // legacy may be authoritative for every unit: start without the target (checked once the phases are known)
            LateTarget late = new LateTarget(config.target(), () -> ShardedTarget.open(config.target()), e, TARGET_RETRY, prepare);
            owned.add(late);
            return new TargetStartup(null, late);
        }
        owned.add(sharded);
        prepare.accept(sharded);
        return new TargetStartup(sharded, null);
    }

    /** The target's routing DataSource (refusing connections while a late target is not open yet). */
    DataSource routing() {
        return open != null ? open.dataSource() : late.routing();
    }

    /** Each shard's DataSource by name (likewise). */
    Map<String, ? extends DataSource> shards() {
        return open != null ? open.shardDataSources() : late.shards();
    }

    /**
     * Once the units' phases are known: a target that could not be opened stops start-up where it is
     * authoritative (from LIVE on, an unreachable shard is a clear start-up failure); below LIVE the instance
     * serves from legacy and the target is retried in the background.
     */
    void startLateTarget(MigrationUnits units) {
        if (late == null) {
            return;
        }
        List<String> needTarget = units.all().stream().filter(u -> u.phase().authoritative() == Side.TARGET)
                .map(u -> u.name() + " (" + u.phase() + ")").toList();
        if (!needTarget.isEmpty()) {
            throw new ShardbridgeException("cannot start: the sharded target is authoritative for migration unit(s) " + String.join(", ", needTarget)
                    + " and cannot be reached: " + late.failure().getMessage(), late.failure());
        }
        late.start();
    }

    /** What an open target needs before its first use: intent tables on the shards, the missing-table warning, its meters. */
    private static Consumer<ShardedTarget> opened(ShardbridgeConfig config, BridgeMetrics metrics) {
        return opened -> {
            try {
                for (DataSource shard : opened.shardDataSources().values()) {
                    IntentTable.create(shard, config.target().dialect());
                }
            } catch (SQLException e) {
                throw new ShardbridgeException("cannot create shardbridge_intent on the target's shards: " + e.getMessage(), e);
            }
            warnAboutMissingPhysicalTables(config, opened);
            metrics.target(opened.fastPathStats());
        };
    }

    /**
     * ShardingSphere reads the shards' table list once, when the target opens: a physical table created
     * later stays unknown to this instance's router until it restarts. Say so now, not at the first
     * LIVE write.
     */
    private static void warnAboutMissingPhysicalTables(ShardbridgeConfig config, ShardedTarget sharded) {
        for (MigrationUnitConfig unit : config.migrations().values()) {
            for (String table : unit.tables()) {
                config.target().table(table).ifPresent(rule -> {
                    for (var physical : new ShardLayout(rule, config.target().shardNames()).physicalTables()) {
                        try (Connection c = sharded.shardDataSources().get(physical.shard()).getConnection();
                             ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, physical.table(), new String[] {"TABLE"})) {
                            if (!rs.next()) {
                                LOG.warn("migration unit {}: shard {} has no table {} (for {}); run `shardbridge schema --config … --unit {}` and "
                                        + "restart this instance before DUAL_WRITE: the router reads the shards' tables only at start-up",
                                        unit.name(), physical.shard(), physical.table(), table, unit.name());
                                return;
                            }
                        } catch (SQLException e) {
                            LOG.debug("could not check shard {} for {}: {}", physical.shard(), physical.table(), e.toString());
                        }
                    }
                });
            }
        }
    }
}
