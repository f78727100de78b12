package io.shardbridge.bridge.mirror;

import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The side that receives row images. On the sharded target an image goes straight to the physical
 * table the shared {@link ShardLayout} picks — exactly where ShardingSphere routes the same key —
 * without a second parse of SQL the layer wrote itself. On legacy it goes to the logical table.
 */
public final class MirrorSide {
    /** The name the legacy database goes by in {@link PhysicalTable#shard()}. */
    public static final String LEGACY = "legacy";

    private final Dialect dialect;
    private final Map<String, ? extends DataSource> dataSources;
    private final Map<String, Target> targets;
    private final Duration timeout;

    private MirrorSide(Dialect dialect, Map<String, ? extends DataSource> dataSources, Map<String, Target> targets, Duration timeout) {
        this.dialect = dialect;
        this.dataSources = dataSources;
        this.targets = targets;
        this.timeout = timeout;
    }

    /**
     * The sharded target as a mirror.
     *
     * @param tables the definition (columns, primary key) of every table that will be mirrored
     */
    public static MirrorSide shards(TargetConfig config, Map<String, ? extends DataSource> shardDataSources, List<TableDefinition> tables,
                                    Duration timeout) {
        Function<TableDefinition, Target> target = definition -> {
            ShardLayout layout = config.table(definition.name()).map(rule -> new ShardLayout(rule, config.shardNames())).orElse(null);
            if (layout == null && !config.isBroadcast(definition.name())) {
                throw new ShardbridgeException("table " + definition.name() + " is neither under target.tables nor target.broadcast-tables; "
                        + "add its shard rule before mirroring it");
            }
            return new Target(definition, layout, config.shardNames());
        };
        return new MirrorSide(config.dialect(), shardDataSources, tables.stream().collect(Collectors.toMap(TableDefinition::name, target)), timeout);
    }

    /** The legacy PostgreSQL database as a mirror (from LIVE on, when the target is authoritative). */
    public static MirrorSide legacy(DataSource legacy, List<TableDefinition> tables, Duration timeout) {
        return new MirrorSide(Dialect.POSTGRESQL, Map.of(LEGACY, legacy),
                tables.stream().collect(Collectors.toMap(TableDefinition::name, t -> new Target(t, null, List.of(LEGACY)))), timeout);
    }

    public MirrorTransaction begin() {
        return new MirrorTransaction(this, true);
    }

    /**
     * A mirror transaction that takes no key locks on PostgreSQL. Only for writers whose order against
     * the dual writes is already fixed by locks on the authoritative side — the backfill, whose source
     * rows stay share-locked until its mirror commit — and whose chunks would otherwise fill the lock table.
     */
    public MirrorTransaction beginWithoutKeyLocks() {
        return new MirrorTransaction(this, false);
    }

    Dialect dialect() {
        return dialect;
    }

    Duration timeout() {
        return timeout;
    }

    DataSource dataSource(String name) {
        return dataSources.get(name);
    }

    Target target(String table) {
        Target target = targets.get(table);
        if (target == null) {
            throw new ShardbridgeException("table " + table + " has no mirror definition; it is not part of a migration unit's tables");
        }
        return target;
    }

    /** Where one table's images go. A null layout means every listed database, under the logical name. */
    record Target(TableDefinition definition, ShardLayout layout, List<String> databases) {
        List<PhysicalTable> physicalTablesFor(RowImage image, boolean needsShardKey) {
            if (layout == null) {
                return databases.stream().map(s -> new PhysicalTable(s, definition.name())).toList();
            }
            String shardKey = layout.rule().shardKey();
            if (image.has(shardKey)) {
                return List.of(layout.locate(image.get(shardKey))); // a NULL key lives in slot 0 (SlotFunctions)
            }
            if (needsShardKey) {
                throw new ShardbridgeException("table " + definition.name() + ": the row image has no value for shard key " + shardKey
                        + "; every row needs one to be placed on a shard");
            }
            return layout.physicalTables(); // a delete by primary key alone: look everywhere
        }
    }
}
