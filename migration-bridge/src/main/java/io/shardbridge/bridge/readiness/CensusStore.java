package io.shardbridge.bridge.readiness;

import io.shardbridge.bridge.control.Acceptances;
import io.shardbridge.bridge.control.ControlSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * The census and the operators' acceptances in the control store, shared by every instance of a service:
 * {@code shardbridge_census} (one row per unit and statement shape, executions summed across instances) and
 * {@code shardbridge_readiness_accept} (who accepted which kind of blocker, when). Bounded: a unit keeps at
 * most {@code maxShapes} shapes; executions of further shapes are not lost but counted on a shape named
 * {@code (other shapes)}. It is read through {@link CensusRows}, as the CLI's inventory reads it. The acceptances are
 * the control plane's records ({@link Acceptances}), which its own gates honour too; both tables are created with the
 * control store's ({@link ControlSchema}).
 */
final class CensusStore {
    static final String OTHER = CensusRows.OTHER;
    private final DataSource control;
    private final int maxShapes;
    private final Acceptances acceptances;
    private volatile boolean schemaReady;

    CensusStore(DataSource control, int maxShapes) {
        this.control = control;
        this.maxShapes = maxShapes;
        this.acceptances = new Acceptances(control);
    }

    /** Adds executions of one shape seen by this instance since the last flush. */
    void add(String unit, CensusEntry entry, long executions, Instant lastSeen) throws SQLException {
        ensureSchema();
        try (Connection c = control.getConnection()) {
            if (update(c, unit, entry.shapeText(), executions, lastSeen) > 0) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO shardbridge_census (unit_name, shape_hash, shape, kind, route, route_reason, "
                    + "findings, executions, first_seen, last_seen) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                    + "WHERE (SELECT count(*) FROM shardbridge_census WHERE unit_name = ?) < ? "
                    + "ON CONFLICT (unit_name, shape_hash) DO UPDATE SET executions = shardbridge_census.executions + EXCLUDED.executions, "
                    + "last_seen = greatest(shardbridge_census.last_seen, EXCLUDED.last_seen)")) {
                ps.setString(1, unit);
                ps.setString(2, hash(entry.shapeText()));
                ps.setString(3, entry.shapeText());
                ps.setString(4, entry.kind());
                ps.setString(5, entry.route().route().name());
                ps.setString(6, entry.route().reason());
                ps.setString(7, String.join("\n", entry.findings()));
                ps.setLong(8, executions);
                ps.setTimestamp(9, Timestamp.from(lastSeen));
                ps.setTimestamp(10, Timestamp.from(lastSeen));
                ps.setString(11, unit);
                ps.setInt(12, maxShapes);
                if (ps.executeUpdate() == 0) {
                    upsertOther(c, unit, executions, lastSeen);
                }
            }
        }
    }

    /** Executions of shapes beyond the bound: counted, on one row. */
    private static void upsertOther(Connection c, String unit, long executions, Instant lastSeen) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shardbridge_census (unit_name, shape_hash, shape, kind, route, route_reason, "
                + "findings, executions, first_seen, last_seen) VALUES (?, ?, ?, 'OTHER', 'ALL_SHARDS', 'shapes beyond the census bound', '', ?, ?, ?) "
                + "ON CONFLICT (unit_name, shape_hash) DO UPDATE SET executions = shardbridge_census.executions + EXCLUDED.executions, "
                + "last_seen = greatest(shardbridge_census.last_seen, EXCLUDED.last_seen)")) {
            ps.setString(1, unit);
            ps.setString(2, hash(OTHER));
            ps.setString(3, OTHER);
            ps.setLong(4, executions);
            ps.setTimestamp(5, Timestamp.from(lastSeen));
            ps.setTimestamp(6, Timestamp.from(lastSeen));
            ps.executeUpdate();
        }
    }

    private static int update(Connection c, String unit, String shape, long executions, Instant lastSeen) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE shardbridge_census SET executions = executions + ?, last_seen = greatest(last_seen, ?) "
                + "WHERE unit_name = ? AND shape_hash = ?")) {
            ps.setLong(1, executions);
            ps.setTimestamp(2, Timestamp.from(lastSeen));
            ps.setString(3, unit);
            ps.setString(4, hash(shape));
            return ps.executeUpdate();
        }
    }

    /** The unit's shapes, most executed first. */
    List<Readiness.Shape> shapes(String unit) throws SQLException {
        ensureSchema();
        try (Connection c = control.getConnection()) {
            return CensusRows.ofUnit(c, unit);
        }
    }

    /** Forgets the unit's census and acceptances (tests, and a unit started afresh). */
    void forget(String unit) throws SQLException {
        ensureSchema();
        try (Connection c = control.getConnection(); PreparedStatement census = c.prepareStatement("DELETE FROM shardbridge_census WHERE unit_name = ?")) {
            census.setString(1, unit);
            census.executeUpdate();
        }
        acceptances.forget(unit);
    }

    void accept(String unit, String kind, String who) throws SQLException {
        ensureSchema();
        acceptances.accept(unit, kind, who);
    }

    /** kind → "by WHO at WHEN". */
    java.util.Map<String, String> accepted(String unit) throws SQLException {
        ensureSchema();
        return acceptances.accepted(unit);
    }

    private void ensureSchema() throws SQLException {
        if (!schemaReady) {
            ControlSchema.apply(control);
            schemaReady = true;
        }
    }

    static String hash(String shape) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
