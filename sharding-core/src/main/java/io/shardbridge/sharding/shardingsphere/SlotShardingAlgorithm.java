package io.shardbridge.sharding.shardingsphere;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import io.shardbridge.sharding.KeyRange;
import io.shardbridge.sharding.ShardLayout;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Properties;
import org.apache.shardingsphere.sharding.api.sharding.standard.PreciseShardingValue;
import org.apache.shardingsphere.sharding.api.sharding.standard.RangeShardingValue;
import org.apache.shardingsphere.sharding.api.sharding.standard.StandardShardingAlgorithm;

/**
 * ShardingSphere's view of a {@link ShardLayout}: the same slot function picks the shard (database
 * level) or the table inside it (table level), so ShardingSphere routes exactly where the rest of
 * shardbridge (backfill, verify, the fast path) expects rows to be.
 */
public final class SlotShardingAlgorithm implements StandardShardingAlgorithm<Comparable<?>> {
    static final String TYPE = "SHARDBRIDGE_SLOT";

    private ShardLayout layout;
    private boolean databaseLevel;

    @Override
    public void init(Properties props) {
        layout = LayoutProperties.read(props);
        databaseLevel = "database".equals(props.getProperty(LayoutProperties.LEVEL));
    }

    @Override
    public String doSharding(Collection<String> availableTargetNames, PreciseShardingValue<Comparable<?>> value) {
        int slot = layout.slotFunction().slotOf(value.getValue());
        return nameOf(slot, value.getLogicTableName());
    }

    @Override
    public Collection<String> doSharding(Collection<String> availableTargetNames, RangeShardingValue<Comparable<?>> value) {
        BitSet slots = layout.slotFunction().slotsFor(toKeyRange(value.getValueRange()));
        Collection<String> out = new LinkedHashSet<>();
        slots.stream().forEach(slot -> out.add(nameOf(slot, value.getLogicTableName())));
        out.retainAll(availableTargetNames);
        return out;
    }

    private String nameOf(int slot, String logicTable) {
        return databaseLevel ? layout.physicalTableOf(slot).shard() : logicTable + "_" + (slot % layout.rule().tablesPerShard());
    }

    private static KeyRange toKeyRange(Range<Comparable<?>> range) {
        return new KeyRange(
                range.hasLowerBound() ? range.lowerEndpoint() : null,
                range.hasLowerBound() && range.lowerBoundType() == BoundType.CLOSED,
                range.hasUpperBound() ? range.upperEndpoint() : null,
                range.hasUpperBound() && range.upperBoundType() == BoundType.CLOSED);
    }

    @Override
    public String getType() {
        return TYPE;
    }
}
