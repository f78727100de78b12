package io.shardbridge.bridge.mirror;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The sharded target seen as a mirror: row images go straight to the physical table the shared
 * {@link ShardLayout} picks, which is exactly where ShardingSphere routes the same key, without a
 * second parse of SQL the layer wrote itself.
 */
public final class ShardMirror {
    private final TargetConfig config;
    private final Map<String, ? extends DataSource> shards;
    private final Map<String, Target> targets;

    /**
     * @param tables the definition (columns, primary key) of every table that will be mirrored
     */
    public ShardMirror(TargetConfig config, Map<String, ? extends DataSource> shardDataSources, List<TableDefinition> tables) {
        this.config = config;
        this.shards = shardDataSources;
        this.targets = tables.stream().collect(Collectors.toMap(TableDefinition::name, this::targetFor));
    }

    public MirrorTransaction begin() {
        return new MirrorTransaction(this);
    }

    Dialect dialect() {
        return config.dialect();
    }

    DataSource shardDataSource(String shard) {
        return shards.get(shard);
    }

    Target target(String table) {
        Target target = targets.get(table);
        if (target == null) {
            throw new ShardbridgeException("table " + table + " has no mirror definition; it is not part of a migration unit's tables");
        }
        return target;
    }

    private Target targetFor(TableDefinition definition) {
        ShardLayout layout = config.table(definition.name()).map(rule -> new ShardLayout(rule, config.shardNames())).orElse(null);
        if (layout == null && !config.isBroadcast(definition.name())) {
            throw new ShardbridgeException("table " + definition.name() + " is neither under target.tables nor target.broadcast-tables; "
                    + "add its shard rule before mirroring it");
        }
        return new Target(definition, layout, config.shardNames());
    }

    /** Where one table's images go. A null layout means a broadcast table: every shard, logical name. */
    record Target(TableDefinition definition, ShardLayout layout, List<String> shardNames) {
        List<PhysicalTable> physicalTablesFor(RowImage image, boolean needsShardKey) {
            if (layout == null) {
                return shardNames.stream().map(s -> new PhysicalTable(s, definition.name())).toList();
            }
            String shardKey = layout.rule().shardKey();
            if (image.has(shardKey) && image.get(shardKey) != null) {
                return List.of(layout.locate(image.get(shardKey)));
            }
            if (needsShardKey) {
                throw new ShardbridgeException("table " + definition.name() + ": the row image has no value for shard key " + shardKey
                        + "; every row needs one to be placed on a shard");
            }
            return layout.physicalTables(); // a delete by primary key alone: look everywhere
        }
    }
}
