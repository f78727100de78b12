package io.shardbridge.bridge.catchup;

import io.shardbridge.concurrent.Ticker;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warnings about slots that fill legacy's disk: a unit's slot that keeps more WAL than its
 * {@code catch-up-warn-mb} (at most once a minute per unit, on the injected {@link Ticker}), and, at
 * start, a slot of this deployment whose unit is no longer configured.
 */
final class SlotWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(SlotWarnings.class);
    static final Duration EVERY = Duration.ofMinutes(1);

    private final Ticker ticker;
    private final Map<String, Long> warnedAt = new ConcurrentHashMap<>();

    SlotWarnings(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Warns when the unit's slot keeps more than {@code limitBytes} of WAL, unless it was warned about less than a minute ago. */
    void retainedWal(String unit, LegacySlot slot, long limitBytes) {
        try {
            var health = slot.health();
            if (health.isPresent() && health.get().retainedBytes() > limitBytes && due(unit)) {
                LOG.warn("migration unit {}: replication slot {} keeps {} MB of WAL on legacy (more than catch-up-warn-mb = {}); a stalled "
                        + "slot fills legacy's disk. Check that an instance consumes it (`shardbridge status`), or move the unit to "
                        + "LEGACY_ONLY, which drops it.", unit, slot.names().slot(), health.get().retainedBytes() >> 20, limitBytes >> 20);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("slot health of {}: {}", unit, e.toString());
        }
    }

    /** Whether a warning about the unit is due now (none in the last minute); true notes it as given. */
    boolean due(String unit) {
        long now = ticker.nanoTime();
        Long last = warnedAt.get(unit);
        if (last == null || now - last > EVERY.toNanos()) {
            warnedAt.put(unit, now);
            return true;
        }
        return false;
    }

    /**
     * A slot of this deployment (same legacy database and control store) whose unit is no longer configured
     * has no one left to drop it, and keeps WAL on legacy for ever: say so at start, with the statement.
     */
    static void orphans(DataSource legacy, Collection<LegacySlot> configured) {
        if (configured.isEmpty()) {
            return;
        }
        String any = configured.iterator().next().names().slot();
        String suffix = any.substring(any.lastIndexOf('_'));
        Set<String> ours = configured.stream().map(s -> s.names().slot()).collect(Collectors.toSet());
        try (var c = legacy.getConnection(); var ps = c.prepareStatement("SELECT slot_name FROM pg_replication_slots "
                + "WHERE database = current_database() AND slot_name LIKE 'sb\\_%' AND right(slot_name, ?) = ?")) {
            ps.setInt(1, suffix.length());
            ps.setString(2, suffix);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!ours.contains(rs.getString(1))) {
                        LOG.warn("replication slot {} on legacy was created by shardbridge for a migration unit that is no longer configured; it "
                                + "keeps WAL on legacy until dropped: SELECT pg_drop_replication_slot('{}'); DROP PUBLICATION \"{}\";",
                                rs.getString(1), rs.getString(1), rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            LOG.debug("could not look for replication slots of removed units: {}", e.toString());
        }
    }
}
