package io.shardbridge.sharding;

import io.shardbridge.config.TableRule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Where the rows of one logical table live. Slot {@code s} is physical table {@code s % tablesPerShard}
 * in shard {@code s / tablesPerShard}, so consecutive slots fill one shard's tables before the next shard.
 */
public final class ShardLayout {
    private final TableRule rule;
    private final List<String> shards;
    private final SlotFunction slots;

    public ShardLayout(TableRule rule, List<String> shardNames) {
        this.rule = rule;
        this.shards = List.copyOf(shardNames);
        this.slots = SlotFunctions.forRule(rule, shardNames.size());
    }

    /** The layout of every sharded table of a target, by lower-case table name. */
    public static java.util.Map<String, ShardLayout> byTableName(io.shardbridge.config.TargetConfig target) {
        java.util.Map<String, ShardLayout> out = new java.util.HashMap<>();
        for (TableRule rule : target.tables().values()) {
            out.put(rule.name().toLowerCase(java.util.Locale.ROOT), new ShardLayout(rule, target.shardNames()));
        }
        return out;
    }

    public TableRule rule() {
        return rule;
    }

    public int slotCount() {
        return rule.tablesPerShard() * shards.size();
    }

    public SlotFunction slotFunction() {
        return slots;
    }

    public PhysicalTable physicalTableOf(int slot) {
        return new PhysicalTable(shards.get(slot / rule.tablesPerShard()), rule.physicalTable(slot % rule.tablesPerShard()));
    }

    /** The physical table that holds the row with this shard-key value. */
    public PhysicalTable locate(Object shardKeyValue) {
        return physicalTableOf(slots.slotOf(shardKeyValue));
    }

    public List<PhysicalTable> physicalTables() {
        List<PhysicalTable> out = new ArrayList<>(slotCount());
        for (int s = 0; s < slotCount(); s++) {
            out.add(physicalTableOf(s));
        }
        return out;
    }

    public List<PhysicalTable> physicalTablesFor(KeyRange range) {
        BitSet chosen = slots.slotsFor(range);
        List<PhysicalTable> out = new ArrayList<>(chosen.cardinality());
        chosen.stream().forEach(s -> out.add(physicalTableOf(s)));
        return out;
    }
}
