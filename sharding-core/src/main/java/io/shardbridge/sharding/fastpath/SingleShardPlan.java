package io.shardbridge.sharding.fastpath;

import io.shardbridge.sharding.ShardLayout;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How one SQL text that names a single shard-key value runs without ShardingSphere: which value picks
 * the physical table, and the text for each physical table.
 *
 * @param table        the logical table
 * @param layout       where its rows live (the same slot function ShardingSphere's algorithm uses)
 * @param keyParameter the 0-based index of the parameter holding the shard-key value, or -1
 * @param keyLiteral   the literal shard-key value when {@code keyParameter} is -1 and the key is not generated
 * @param pieces       the SQL text split at every edit: {@code pieces[0] edit[0] pieces[1] … pieces[n]}
 * @param edits        per split point, either the logical table's name as ShardingSphere would rewrite it
 *                     ({@code {"table", openQuote, closeQuote}}) or text to insert ({@code {"text", text}})
 * @param generatedKey the key-generate column this INSERT leaves out (the fast path adds it and a marker for it), or null
 * @param keyGenerated true when that generated column is the shard key itself, so it decides the table
 * @param parameterCount the statement's own parameter markers (the generated key is bound after them)
 */
public record SingleShardPlan(String table, ShardLayout layout, int keyParameter, Object keyLiteral, String[] pieces, String[][] edits,
                              String generatedKey, boolean keyGenerated, int parameterCount, AtomicReferenceArray<String> sqlBySlot) {

    SingleShardPlan(String table, ShardLayout layout, int keyParameter, Object keyLiteral, String[] pieces, String[][] edits,
                    String generatedKey, boolean keyGenerated, int parameterCount) {
        this(table, layout, keyParameter, keyLiteral, pieces, edits, generatedKey, keyGenerated, parameterCount,
                new AtomicReferenceArray<>(layout.slotCount()));
    }

    /** The SQL text for the physical table of {@code slot}, built once per slot. */
    public String sqlFor(int slot) {
        String sql = sqlBySlot.get(slot);
        if (sql == null) {
            String physical = layout.physicalTableOf(slot).table();
            StringBuilder out = new StringBuilder(pieces[0]);
            for (int i = 1; i < pieces.length; i++) {
                String[] edit = edits[i - 1];
                if (edit[0].equals("table")) {
                    out.append(edit[1]).append(physical).append(edit[2]);
                } else {
                    out.append(edit[1]);
                }
                out.append(pieces[i]);
            }
            sql = out.toString();
            sqlBySlot.set(slot, sql);
        }
        return sql;
    }
}
