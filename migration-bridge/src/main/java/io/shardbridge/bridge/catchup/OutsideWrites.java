package io.shardbridge.bridge.catchup;

import java.time.Instant;
import java.util.List;

/**
 * Writes made outside shardbridge to one unit table by one kind of writer, as the catch-up saw them
 * on legacy (DESIGN §10).
 *
 * @param writer     who wrote: a trigger or cascade inside a transaction shardbridge mirrored, or another transaction
 * @param recent     seen within the unit's {@code outside-writes-quiet-ms}
 * @param alarms     of these, written while the target was authoritative: legacy no longer counts, so they are lost
 * @param sampleKeys up to ten keys, the first seen
 */
public record OutsideWrites(String table, String writer, long count, Instant firstSeen, Instant lastSeen, boolean recent, long alarms,
                            Instant lastAlarm, List<String> sampleKeys) {
    public OutsideWrites {
        sampleKeys = List.copyOf(sampleKeys);
    }
}
