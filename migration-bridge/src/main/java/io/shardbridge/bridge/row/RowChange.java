package io.shardbridge.bridge.row;

/** What the mirror must do for one row: take this image, or delete the row with this key. */
public sealed interface RowChange {
    RowImage image();

    /** Insert the row or overwrite it with {@code image} (every column). */
    record Upsert(RowImage image) implements RowChange {
    }

    /** Delete the row with the primary key in {@code image} (which also carries the shard key when known). */
    record Delete(RowImage image) implements RowChange {
    }
}
