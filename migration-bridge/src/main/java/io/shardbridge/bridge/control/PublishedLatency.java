package io.shardbridge.bridge.control;

import io.shardbridge.bridge.metrics.ServiceLatency;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The service latency each instance publishes in the control store (DESIGN §6), so that a backfill run
 * in another process — the CLI's, which serves no traffic of its own — backs off on the service's
 * latency as a backfill inside the service does.
 *
 * <p>One row per instance and unit, overwritten in place ({@link LatencyPublisher}): the ratio of the
 * recent commit latency to its baseline, the two averages behind it, and when it was published, on the
 * control database's clock (instances' clocks may disagree; the reader compares with the same clock).
 * A reader counts only instances that are alive by their heartbeat and whose row is fresh by the same
 * dead-after time: a crashed instance's last, slow reading stops throttling anyone once it counts as
 * dead. An instance whose own signal went quiet (no writes for a while) clears its row. Its table is
 * {@code shardbridge_service_latency} ({@link ControlSchema}).
 */
public final class PublishedLatency {
    /** One instance's published reading of one unit's service latency. */
    public record InstanceLatency(String instance, String unit, double ratio, Duration current, Duration baseline, Instant publishedAt) {
    }

    private final DataSource control;

    public PublishedLatency(DataSource control) {
        this.control = control;
    }

    /** Publishes (or, for an unknown reading, clears) this instance's reading of the unit. */
    public void publish(String instance, String unit, ServiceLatency.Reading reading) throws SQLException {
        boolean known = reading.known();
        ControlSql.update(control, "INSERT INTO shardbridge_service_latency (instance_id, unit_name, ratio, current_us, baseline_us) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (instance_id, unit_name) DO UPDATE SET ratio = EXCLUDED.ratio, "
                        + "current_us = EXCLUDED.current_us, baseline_us = EXCLUDED.baseline_us, published_at = now()", instance, unit,
                known ? reading.ratio() : null, known ? reading.currentNanos() / 1000 : null, known ? reading.baselineNanos() / 1000 : null);
    }

    /** Removes an instance's rows (it leaves cleanly), and rows no instance has refreshed for a day. */
    public void forget(String instance) throws SQLException {
        ControlSql.update(control, "DELETE FROM shardbridge_service_latency WHERE instance_id = ? OR published_at < now() - interval '1 day'",
                instance);
    }

    /**
     * The unit's known readings from live instances other than {@code excluding} (null: all), each
     * published within {@code deadAfter}, slowest first. Empty when no one serving the unit has published.
     */
    public List<InstanceLatency> live(String unit, Duration deadAfter, String excluding) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT l.instance_id, l.ratio, l.current_us, "
                + "l.baseline_us, l.published_at FROM shardbridge_service_latency l JOIN shardbridge_instance i "
                + "ON i.instance_id = l.instance_id AND i.unit_name = l.unit_name WHERE l.unit_name = ? AND l.ratio IS NOT NULL "
                + "AND i.last_seen > now() - ? * interval '1 millisecond' AND l.published_at > now() - ? * interval '1 millisecond' "
                + "AND l.instance_id IS DISTINCT FROM ? ORDER BY l.ratio DESC, l.instance_id")) {
            ps.setString(1, unit);
            ps.setLong(2, deadAfter.toMillis());
            ps.setLong(3, deadAfter.toMillis());
            ps.setString(4, excluding);
            List<InstanceLatency> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(5);
                    out.add(new InstanceLatency(rs.getString(1), unit, rs.getDouble(2), Duration.ofNanos(rs.getLong(3) * 1000),
                            Duration.ofNanos(rs.getLong(4) * 1000), at.toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            if (ControlSql.missingTable(e)) {
                return List.of(); // no instance of this version has joined yet: nothing was ever published
            }
            throw e;
        }
    }

    /** The slowest live reading of the unit (see {@link #live}). */
    public Optional<InstanceLatency> slowest(String unit, Duration deadAfter, String excluding) throws SQLException {
        List<InstanceLatency> all = live(unit, deadAfter, excluding);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }
}
