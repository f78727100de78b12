package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.mirror.RowChange;
import io.shardbridge.bridge.mirror.RowImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one transaction has touched on one unit, by table and primary key, in first-touch order.
 * A later statement on the same row replaces what an earlier one recorded, so at commit each row is
 * mirrored once, in the state the transaction leaves it in. A row recorded by key only (its statement
 * could not return the image) is re-read by key on the authoritative side before the mirror write.
 */
public final class PendingChanges {
    /** What is known about one touched row. */
    public sealed interface Pending {
        RowImage image();
    }

    /** The full post-image. */
    public record Known(RowImage image) implements Pending {
    }

    /** The row was deleted; {@code image} holds its key (and shard key when known). */
    public record Deleted(RowImage image) implements Pending {
    }

    /** Only the key is known: read the image at commit. */
    public record KeyOnly(RowImage image) implements Pending {
    }

    private record RowKey(String table, List<Object> key) {
    }

    private final Map<RowKey, Pending> rows = new LinkedHashMap<>();
    private final long txn;
    private boolean intentsWritten = true;

    public PendingChanges() {
        this(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    private PendingChanges(long txn) {
        this.txn = txn;
    }

    /** The token that tags this transaction's intents (so they are cleared together). */
    public long txn() {
        return txn;
    }

    /** True when every capture so far also wrote its intents, inside its own statement. */
    public boolean intentsWritten() {
        return intentsWritten && !rows.isEmpty();
    }

    /** A capture that did not write intents: they are written at commit. */
    public void intentsMissing() {
        intentsWritten = false;
    }

    public void record(List<String> primaryKey, Pending pending) {
        rows.put(new RowKey(pending.image().table(), pending.image().keyValues(primaryKey)), pending);
    }

    /**
     * What is recorded now (same transaction token), to go back to when the transaction rolls back to a
     * savepoint set now: each row is then as it was at the savepoint (the transaction still holds the locks
     * it took before it), and rows first written after it are no longer the transaction's — PostgreSQL has
     * even released their locks, so reading them again at commit would mirror another transaction's row
     * without holding its lock, possibly after that transaction's own, newer mirror write.
     */
    public PendingChanges copy() {
        PendingChanges copy = new PendingChanges(txn);
        copy.rows.putAll(rows);
        copy.intentsWritten = intentsWritten;
        return copy;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public int size() {
        return rows.size();
    }

    public List<Pending> all() {
        return new ArrayList<>(rows.values());
    }

    /** The changes to mirror once every key-only row has been resolved. */
    public static List<RowChange> changes(List<Pending> resolved) {
        List<RowChange> out = new ArrayList<>(resolved.size());
        for (Pending p : resolved) {
            if (p instanceof Known known) {
                out.add(new RowChange.Upsert(known.image()));
            } else if (p instanceof Deleted deleted) {
                out.add(new RowChange.Delete(deleted.image()));
            } else {
                throw new IllegalStateException("unresolved key-only row " + p.image());
            }
        }
        return out;
    }
}
