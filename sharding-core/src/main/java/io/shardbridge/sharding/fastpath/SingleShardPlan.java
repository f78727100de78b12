package io.shardbridge.sharding.fastpath;

import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How one SQL text that names a single shard-key value runs without ShardingSphere: which value picks
 * the physical table, and the text with the logical table's name replaced, per slot.
 *
 * @param table        the logical table
 * @param layout       where its rows live (the same slot function ShardingSphere's algorithm uses)
 * @param keyParameter the 0-based index of the parameter holding the shard-key value, or -1
 * @param keyLiteral   the literal shard-key value when {@code keyParameter} is -1
 * @param pieces       the SQL text split at every occurrence of the logical table's name that
 *                     ShardingSphere would rewrite: {@code pieces[0] name pieces[1] name … pieces[n]}
 * @param quotes       the quote characters around each occurrence ({@code ""} when unquoted), kept as written
 */
public record SingleShardPlan(String table, ShardLayout layout, int keyParameter, Object keyLiteral, String[] pieces, String[][] quotes,
                              AtomicReferenceArray<String> sqlBySlot) {

    SingleShardPlan(String table, ShardLayout layout, int keyParameter, Object keyLiteral, String[] pieces, String[][] quotes) {
        this(table, layout, keyParameter, keyLiteral, pieces, quotes, new AtomicReferenceArray<>(layout.slotCount()));
    }

    /** The physical table of a shard-key value. */
    public PhysicalTable locate(Object keyValue) {
        return layout.locate(keyValue);
    }

    /** The SQL text for the physical table of {@code slot}, built once per slot. */
    public String sqlFor(int slot) {
        String sql = sqlBySlot.get(slot);
        if (sql == null) {
            String physical = layout.physicalTableOf(slot).table();
            StringBuilder out = new StringBuilder(pieces[0]);
            for (int i = 1; i < pieces.length; i++) {
                out.append(quotes[i - 1][0]).append(physical).append(quotes[i - 1][1]).append(pieces[i]);
            }
            sql = out.toString();
            sqlBySlot.set(slot, sql);
        }
        return sql;
    }
}
