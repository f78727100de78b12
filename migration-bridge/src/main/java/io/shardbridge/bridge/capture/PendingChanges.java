package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.row.RowChange;
import io.shardbridge.bridge.row.RowImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one transaction has touched on one unit, by table and primary key, in first-touch order.
 * A later statement on the same row replaces what an earlier one recorded, so at commit each row is
 * mirrored once, in the state the transaction leaves it in. A row recorded by key only (its statement
 * could not return the image) is re-read by key on the authoritative side before the mirror write.
 *
 * <p>A row whose primary or shard key an UPDATE changed has <em>moved</em> ({@link #moved}): its old key
 * image (primary key and shard key as they were) is kept as a place the mirror must vacate, and a new
 * primary key takes over from the old one. At commit the vacated places go out as deletes before the
 * rows' last states; the mirror keeps the last change per row and place, so a row that moved between
 * shards ends deleted on the old one and written on the new one, and a row that moved within a
 * physical table is simply overwritten.
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
    private final List<RowImage> vacated = new ArrayList<>();
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
     * A row an UPDATE moved: it was at {@code from} (the old primary key and shard key) and is now
     * {@code to}. When the primary key changed, the old key is recorded as deleted.
     */
    public void moved(List<String> primaryKey, RowImage from, Pending to) {
        vacated.add(from);
        if (!from.keyValues(primaryKey).equals(to.image().keyValues(primaryKey))) {
            record(primaryKey, new Deleted(from));
        }
        record(primaryKey, to);
    }

    /** Key images of the places rows left in this transaction (see {@link #moved}). */
    public List<RowImage> vacated() {
        return List.copyOf(vacated);
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
        copy.vacated.addAll(vacated);
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

    /**
     * The changes to mirror once every key-only row has been resolved: the places rows left first, then
     * each row's last state (the mirror applies the last change per row and place).
     */
    public List<RowChange> changes(List<Pending> resolved) {
        List<RowChange> out = new ArrayList<>(vacated.size() + resolved.size());
        vacated.forEach(from -> out.add(new RowChange.Delete(from)));
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
