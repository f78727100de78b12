package io.shardbridge.bridge.catchup;

import io.shardbridge.bridge.control.ControlSchema;
import io.shardbridge.bridge.control.ControlSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The catch-up's rows in the control store: per unit, who consumes its slot (a lease, so that exactly
 * one instance does and another takes over when the holder stops renewing), which epoch wanted the slot,
 * why the safety net is off, and the last recorded override of the outside-writes wait; per unit table and
 * kind of writer, the report of writes made outside shardbridge. Their tables, {@code shardbridge_catchup} and
 * {@code shardbridge_outside_write}, are created with the control store's ({@link ControlSchema}).
 */
final class CatchUpRecords {
    static final int SAMPLE_KEYS = 10;

    /** The unit's catch-up row. {@code slotEpoch}: the epoch that wanted the slot, null when none is wanted. */
    record Row(String unit, String holder, Instant leaseUntil, Long slotEpoch, String offReason, Instant acceptedAt, String acceptedNote) {
    }

    private final DataSource control;
    private volatile boolean schemaReady;

    CatchUpRecords(DataSource control) {
        this.control = control;
    }

    void ensureSchema() throws SQLException {
        if (!schemaReady) {
            ControlSchema.apply(control);
            schemaReady = true;
        }
    }

    Optional<Row> row(String unit) throws SQLException {
        ensureSchema();
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT holder, lease_until, slot_epoch, off_reason, "
                + "accepted_at, accepted_note FROM shardbridge_catchup WHERE unit_name = ?")) {
            ps.setString(1, unit);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long epoch = rs.getLong(3);
                return Optional.of(new Row(unit, rs.getString(1), instant(rs.getTimestamp(2)), rs.wasNull() ? null : epoch, rs.getString(4),
                        instant(rs.getTimestamp(5)), rs.getString(6)));
            }
        }
    }

    /** Takes or renews the unit's consumer lease for {@code holder}; false while another holder's lease runs. */
    boolean lease(String unit, String holder, Duration ttl) throws SQLException {
        ensureSchema();
        return ControlSql.update(control, "INSERT INTO shardbridge_catchup (unit_name, holder, lease_until) VALUES (?, ?, now() + ? * interval '1 millisecond') "
                + "ON CONFLICT (unit_name) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until, updated_at = now() "
                + "WHERE shardbridge_catchup.holder IS NULL OR shardbridge_catchup.holder = EXCLUDED.holder OR shardbridge_catchup.lease_until < now()",
                unit, holder, ttl.toMillis()) > 0;
    }

    void release(String unit, String holder) throws SQLException {
        ensureSchema();
        ControlSql.update(control, "UPDATE shardbridge_catchup SET holder = NULL, lease_until = NULL, updated_at = now() "
                + "WHERE unit_name = ? AND holder = ?", unit, holder);
    }

    /** The slot is wanted from this epoch on (null: no longer wanted); clears the off reason when it is set. */
    void slotWanted(String unit, Long epoch) throws SQLException {
        ensureSchema();
        ControlSql.update(control, "INSERT INTO shardbridge_catchup (unit_name, slot_epoch) VALUES (?, ?) ON CONFLICT (unit_name) DO UPDATE "
                + "SET slot_epoch = EXCLUDED.slot_epoch, updated_at = now()", unit, epoch);
    }

    void offReason(String unit, String reason) throws SQLException {
        ensureSchema();
        ControlSql.update(control, "INSERT INTO shardbridge_catchup (unit_name, off_reason) VALUES (?, ?) ON CONFLICT (unit_name) DO UPDATE "
                + "SET off_reason = EXCLUDED.off_reason, updated_at = now() WHERE shardbridge_catchup.off_reason IS DISTINCT FROM EXCLUDED.off_reason",
                unit, reason);
    }

    void accepted(String unit, String note) throws SQLException {
        ensureSchema();
        ControlSql.update(control, "INSERT INTO shardbridge_catchup (unit_name, accepted_at, accepted_note) VALUES (?, now(), ?) "
                + "ON CONFLICT (unit_name) DO UPDATE SET accepted_at = now(), accepted_note = EXCLUDED.accepted_note, updated_at = now()", unit, note);
    }

    /**
     * Adds outside writes of one table and kind of writer: {@code count} more, committed between
     * {@code first} and {@code last}; {@code alarm}: seen while the target was authoritative.
     */
    void recordWrites(String unit, String table, WalTransaction.Writer writer, long count, Instant first, Instant last, List<String> sample,
                      boolean alarm) throws SQLException {
        ensureSchema();
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO shardbridge_outside_write AS w "
                + "(unit_name, table_name, writer, write_count, first_seen, last_seen, alarm_count, last_alarm, sample_keys) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_name, table_name, writer) DO UPDATE SET "
                + "write_count = w.write_count + EXCLUDED.write_count, first_seen = least(w.first_seen, EXCLUDED.first_seen), "
                + "last_seen = greatest(w.last_seen, EXCLUDED.last_seen), alarm_count = w.alarm_count + EXCLUDED.alarm_count, "
                + "last_alarm = greatest(w.last_alarm, EXCLUDED.last_alarm), "
                + "sample_keys = CASE WHEN cardinality(w.sample_keys) >= " + SAMPLE_KEYS + " THEN w.sample_keys "
                + "ELSE (w.sample_keys || ARRAY(SELECT k FROM unnest(EXCLUDED.sample_keys) k WHERE k <> ALL (w.sample_keys)))[1:" + SAMPLE_KEYS + "] END")) {
            c.setAutoCommit(true);
            ps.setString(1, unit);
            ps.setString(2, table);
            ps.setString(3, writer.name());
            ps.setLong(4, count);
            ps.setTimestamp(5, Timestamp.from(first));
            ps.setTimestamp(6, Timestamp.from(last));
            ps.setLong(7, alarm ? count : 0);
            ps.setTimestamp(8, alarm ? Timestamp.from(last) : null);
            ps.setArray(9, c.createArrayOf("text", sample.stream().limit(SAMPLE_KEYS).toArray()));
            ps.executeUpdate();
        }
    }

    /** The unit's outside-writes report, one entry per table and kind of writer. */
    List<OutsideWrites> writes(String unit, Duration quiet) throws SQLException {
        ensureSchema();
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT table_name, writer, write_count, first_seen, "
                + "last_seen, alarm_count, last_alarm, sample_keys, last_seen > now() - ? * interval '1 millisecond' "
                + "FROM shardbridge_outside_write WHERE unit_name = ? ORDER BY table_name, writer")) {
            ps.setLong(1, quiet.toMillis());
            ps.setString(2, unit);
            List<OutsideWrites> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] sample = (String[]) rs.getArray(8).getArray();
                    out.add(new OutsideWrites(rs.getString(1), WalTransaction.Writer.valueOf(rs.getString(2)).description, rs.getLong(3),
                            instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), rs.getBoolean(9), rs.getLong(6), instant(rs.getTimestamp(7)),
                            Arrays.asList(sample)));
                }
            }
            return out;
        }
    }

    /** Forgets the unit's report (a fresh DUAL_WRITE starts a fresh report). */
    void forgetWrites(String unit) throws SQLException {
        ensureSchema();
        ControlSql.update(control, "DELETE FROM shardbridge_outside_write WHERE unit_name = ?", unit);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
