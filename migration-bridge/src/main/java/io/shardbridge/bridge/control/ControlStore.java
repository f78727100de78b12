package io.shardbridge.bridge.control;

import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
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
 * The control plane's tables (DESIGN §4, issue #5), in the control database: each unit's recorded phase
 * and epoch (the epoch counts recorded moves, so an instance knows it is behind), a pending authority
 * flip, when each side last began receiving mirrored writes, and one heartbeat row per instance and unit.
 * Every change of a unit row is a compare-and-set on its epoch, so concurrent coordinators (two
 * instances seeing a config change, an operator's CLI) cannot both move a unit.
 */
public final class ControlStore {
    /** A unit as recorded. {@code fencePhase} is set while an authority flip to it is pending. */
    public record UnitRow(String unit, MigrationPhase phase, long epoch, MigrationPhase fencePhase, long fenceEpoch, boolean fenceExpired,
                          Instant targetMirroringSince, Instant legacyMirroringSince) {
        public boolean fencing() {
            return fencePhase != null;
        }

        /** When the given side last began receiving mirrored writes (null: it has received every write). */
        public Instant mirroringSince(Side side) {
            return side == Side.TARGET ? targetMirroringSince : legacyMirroringSince;
        }
    }

    /** One instance's heartbeat for one unit. {@code alive}: seen within the dead-after time. */
    public record InstanceRow(String instance, String unit, MigrationPhase observedPhase, long observedEpoch, long fencedEpoch, String host,
                              Instant lastSeen, boolean alive) {
    }

    private final DataSource control;

    public ControlStore(DataSource control) {
        this.control = control;
    }

    /** Creates or completes the control store's tables, once, whichever instance gets there first ({@link ControlSchema}). */
    public void ensureSchema() throws SQLException {
        ControlSchema.apply(control);
    }

    /**
     * Creates the unit's row at {@code initial} (epoch 1) unless an instance already has; true when this
     * call created it. A unit first seen already mirroring counts its mirror's completeness from now.
     */
    public boolean createUnit(String unit, MigrationPhase initial) throws SQLException {
        return update("INSERT INTO shardbridge_unit (unit_name, phase, epoch, target_mirroring_since, legacy_mirroring_since) "
                + "VALUES (?, ?, 1, CASE WHEN ? THEN now() END, CASE WHEN ? THEN now() END) ON CONFLICT (unit_name) DO NOTHING", unit, initial.name(),
                initial.mirrorsWrites() && initial.authoritative() == Side.LEGACY, initial.mirrorsWrites() && initial.authoritative() == Side.TARGET);
    }

    public Optional<UnitRow> unit(String unit) throws SQLException {
        List<UnitRow> rows = units(List.of(unit));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public List<UnitRow> units(List<String> names) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT unit_name, phase, epoch, fence_phase, "
                + "coalesce(fence_epoch, 0), coalesce(fence_deadline < now(), false), target_mirroring_since, legacy_mirroring_since "
                + "FROM shardbridge_unit WHERE unit_name = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", names.toArray()));
            List<UnitRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new UnitRow(rs.getString(1), MigrationPhase.valueOf(rs.getString(2)), rs.getLong(3),
                            rs.getString(4) == null ? null : MigrationPhase.valueOf(rs.getString(4)), rs.getLong(5), rs.getBoolean(6),
                            instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8))));
                }
            }
            return out;
        }
    }

    /**
     * Records a move that needs no fence: {@code phase} at {@code expectedEpoch + 1}, if the unit is
     * still at {@code expectedEpoch} with no flip pending. {@code mirroringStarts}: the side that begins
     * receiving mirrored writes with this move (its completeness counts from now), or null.
     */
    public boolean record(String unit, long expectedEpoch, MigrationPhase phase, Side mirroringStarts) throws SQLException {
        String since = mirroringStarts == null ? "" : mirroringStarts == Side.TARGET ? ", target_mirroring_since = now()"
                : ", legacy_mirroring_since = now()";
        return update("UPDATE shardbridge_unit SET phase = ?, epoch = epoch + 1, updated_at = now()" + since
                + " WHERE unit_name = ? AND epoch = ? AND fence_phase IS NULL", phase.name(), unit, expectedEpoch);
    }

    /** Opens an authority flip to {@code to} (at epoch {@code expectedEpoch + 1}), which must complete before {@code timeout}. */
    public boolean beginFence(String unit, long expectedEpoch, MigrationPhase to, Duration timeout) throws SQLException {
        return update("UPDATE shardbridge_unit SET fence_phase = ?, fence_epoch = epoch + 1, fence_deadline = now() + ? * interval '1 millisecond', "
                + "updated_at = now() WHERE unit_name = ? AND epoch = ? AND fence_phase IS NULL", to.name(), timeout.toMillis(), unit, expectedEpoch);
    }

    /** Records the pending flip, unless it was abandoned or ran past its deadline. */
    public boolean completeFence(String unit, long fenceEpoch) throws SQLException {
        return update("UPDATE shardbridge_unit SET phase = fence_phase, epoch = fence_epoch, fence_phase = NULL, fence_epoch = NULL, "
                + "fence_deadline = NULL, updated_at = now() WHERE unit_name = ? AND fence_epoch = ? AND fence_deadline > now()", unit, fenceEpoch);
    }

    /** Abandons a pending flip: the unit stays at its recorded phase. */
    public boolean abortFence(String unit, long fenceEpoch) throws SQLException {
        return update("UPDATE shardbridge_unit SET fence_phase = NULL, fence_epoch = NULL, fence_deadline = NULL, updated_at = now() "
                + "WHERE unit_name = ? AND fence_epoch = ?", unit, fenceEpoch);
    }

    /** One instance's heartbeat for one unit: what it observes, and the flip it has fenced for. */
    public void heartbeat(String instance, String unit, MigrationPhase observed, long epoch, long fencedEpoch, String host) throws SQLException {
        update("INSERT INTO shardbridge_instance (instance_id, unit_name, observed_phase, observed_epoch, fenced_epoch, host) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (instance_id, unit_name) DO UPDATE SET observed_phase = EXCLUDED.observed_phase, observed_epoch = EXCLUDED.observed_epoch, "
                + "fenced_epoch = EXCLUDED.fenced_epoch, last_seen = now()", instance, unit, observed.name(), epoch, fencedEpoch, host);
    }

    /** Renews the last-seen time of this instance's rows, nothing else; false when it has none (it left). */
    public boolean touch(String instance) throws SQLException {
        return update("UPDATE shardbridge_instance SET last_seen = now() WHERE instance_id = ?", instance);
    }

    /** The unit's instances seen within {@code deadAfter} (alive) and, for display, the rest seen within the last hour. */
    public List<InstanceRow> instances(String unit, Duration deadAfter) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT instance_id, unit_name, observed_phase, "
                + "observed_epoch, fenced_epoch, host, last_seen, last_seen > now() - ? * interval '1 millisecond' FROM shardbridge_instance "
                + "WHERE unit_name = ? AND last_seen > now() - interval '1 hour' ORDER BY started_at, instance_id")) {
            ps.setLong(1, deadAfter.toMillis());
            ps.setString(2, unit);
            List<InstanceRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new InstanceRow(rs.getString(1), rs.getString(2), MigrationPhase.valueOf(rs.getString(3)), rs.getLong(4), rs.getLong(5),
                            rs.getString(6), instant(rs.getTimestamp(7)), rs.getBoolean(8)));
                }
            }
            return out;
        }
    }

    /** Removes an instance that is shutting down cleanly: it no longer holds up moves. */
    public void leave(String instance) throws SQLException {
        update("DELETE FROM shardbridge_instance WHERE instance_id = ?", instance);
        new PublishedLatency(control).forget(instance);
    }

    DataSource dataSource() {
        return control;
    }

    private boolean update(String sql, Object... values) throws SQLException {
        return ControlSql.update(control, sql, values) > 0;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
