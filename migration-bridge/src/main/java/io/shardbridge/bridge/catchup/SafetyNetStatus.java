package io.shardbridge.bridge.catchup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The unit's safety net for writes made outside shardbridge, as an operator sees it (CLI {@code status},
 * actuator): whether the catch-up runs and why not, its slot on legacy (retained WAL, lag, who consumes
 * it), and the report of writes made outside shardbridge.
 *
 * @param offReason      why the safety net is off (null: on)
 * @param consumer       the instance that holds the consumer lease, or null
 * @param retainedBytes  WAL legacy keeps for the slot (-1: no slot)
 * @param lagBytes       how far the slot's confirmed position is behind legacy's WAL (-1: no slot)
 * @param acceptedAt     the last override of the outside-writes wait, or null
 */
public record SafetyNetStatus(String unit, String offReason, String slot, boolean slotExists, boolean slotActive, String consumer,
                              long retainedBytes, long lagBytes, long warnBytes, Duration quiet, List<OutsideWrites> writes,
                              Instant acceptedAt, String acceptedNote) {
    public SafetyNetStatus {
        writes = List.copyOf(writes);
    }

    public boolean on() {
        return offReason == null;
    }

    /** The slot keeps more WAL than {@code catch-up-warn-mb}: legacy's disk is at risk. */
    public boolean slotWarning() {
        return retainedBytes > warnBytes;
    }

    /** Writes outside shardbridge within the quiet window: a move that makes the target authoritative waits. */
    public boolean outsideWritesRecent() {
        return writes.stream().anyMatch(OutsideWrites::recent);
    }

    public long alarms() {
        return writes.stream().mapToLong(OutsideWrites::alarms).sum();
    }

    /** A few aligned lines for a terminal, under the unit's other status lines. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (!on()) {
            out.append(String.format(Locale.ROOT, "  safety net     OFF: %s; writes made outside shardbridge reach the target only through "
                    + "verify and repair%n", offReason));
        } else if (!slotExists) {
            out.append(String.format(Locale.ROOT, "  safety net     on, no replication slot (the unit is not between DUAL_WRITE and RAMP_DOWN)%n"));
        } else {
            out.append(String.format(Locale.ROOT, "  safety net     on: slot %s %s, consumed by %s, retains %s of WAL, %s behind%s%n", slot,
                    slotActive ? "streaming" : "idle", consumer == null ? "no instance" : consumer, bytes(retainedBytes), bytes(lagBytes),
                    slotWarning() ? "  WARNING: past catch-up-warn-mb; a stalled slot fills legacy's disk" : ""));
        }
        if (writes.isEmpty()) {
            out.append("  outside writes none seen (no rows of the unit's tables written outside shardbridge)\n");
        }
        for (OutsideWrites w : writes) {
            out.append(String.format(Locale.ROOT, "  outside writes %s: %,d row write(s) written outside shardbridge by %s, first %s, last %s%s%s; keys e.g. %s%n",
                    w.table(), w.count(), w.writer(), w.firstSeen(), w.lastSeen(), w.recent() ? " (within the quiet window of "
                    + quiet.toMillis() + " ms: a flip to LIVE waits)" : "", w.alarms() > 0 ? String.format(Locale.ROOT,
                    "; ALARM: %,d written while the target was authoritative, last %s", w.alarms(), w.lastAlarm()) : "",
                    String.join(" ", w.sampleKeys())));
        }
        if (acceptedAt != null) {
            out.append(String.format(Locale.ROOT, "  override       outside writes accepted at %s: %s%n", acceptedAt, acceptedNote));
        }
        return out.toString();
    }

    private static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        return n < 1024 * 1024 ? String.format(Locale.ROOT, "%,d kB", n / 1024) : String.format(Locale.ROOT, "%,d MB", n >> 20);
    }
}
