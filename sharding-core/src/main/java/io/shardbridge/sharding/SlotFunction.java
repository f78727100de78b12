package io.shardbridge.sharding;

import java.util.BitSet;

/**
 * Maps a shard-key value to a slot in {@code [0, slotCount)}: the global index of a physical table.
 * Pure and deterministic: the same function routes statements, places backfilled rows and checks
 * verification chunks, so every component agrees on where a row lives.
 */
public interface SlotFunction {
    /** The slot of one key value; throws {@link io.shardbridge.ShardbridgeException} for a value it cannot place. */
    int slotOf(Object value);

    /** The slots that may hold keys in {@code range}; all slots when the function cannot narrow it. */
    BitSet slotsFor(KeyRange range);
}
