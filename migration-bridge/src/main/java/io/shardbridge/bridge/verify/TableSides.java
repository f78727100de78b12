package io.shardbridge.bridge.verify;

import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.ShardLayout;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Where a table's rows are on each side, as {@link ChecksumSide}s. */
final class TableSides {
    private TableSides() {
    }

    static ChecksumSide legacy(DataSource legacy, ChecksumColumns columns) {
        return new ChecksumSide("legacy", Dialect.POSTGRESQL, List.of(new ChecksumSide.Part("legacy", legacy, columns.table().name())), columns);
    }

    /**
     * The target's copies of a table: one view over every physical table of a sharded table, or one
     * view per shard for a broadcast table (each copy must equal the authoritative side).
     */
    static List<ChecksumSide> target(TargetConfig target, Map<String, ? extends DataSource> shards, ChecksumColumns columns) {
        Dialect dialect = target.dialect();
        String name = columns.table().name();
        return target.table(name).map(rule -> List.of(new ChecksumSide("target", dialect,
                        new ShardLayout(rule, target.shardNames()).physicalTables().stream()
                                .map(p -> new ChecksumSide.Part(p.shard(), shards.get(p.shard()), p.table())).toList(), columns)))
                .orElseGet(() -> target.shardNames().stream()
                        .map(s -> new ChecksumSide("target " + s, dialect, List.of(new ChecksumSide.Part(s, shards.get(s), name)), columns))
                        .toList());
    }
}
