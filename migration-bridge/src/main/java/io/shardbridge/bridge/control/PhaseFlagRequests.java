package io.shardbridge.bridge.control;

import io.shardbridge.config.MigrationPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Turns the {@code migrations.<unit>.phase} flags of a re-read configuration into move requests.
 *
 * <p>The control store's recorded phase is the truth; a flag is a <em>request</em>, and only a changed flag
 * requests anything. Operators move units three ways (the flag, the actuator, the CLI): if an unchanged flag
 * were compared with the recorded phase on every round, a move made by the actuator or the CLI would be
 * undone a second later because the flag still names the old phase. So:
 * <ul>
 * <li>this instance remembers the flag it last saw per unit; at start-up that is the flag last recorded in the
 *     control store ({@code shardbridge_phase_flag}), so a flag changed while the service was down is still a
 *     change when it starts again, and an instance of an older deployment whose flag never changed (a rolling
 *     deploy) requests nothing;</li>
 * <li>a flag that differs from the one last seen opens a request for that phase; the request moves the unit
 *     one step per round (the same coordinated, gated moves as everywhere) until the recorded phase equals it,
 *     and is then closed. A refused step is retried on the next round;</li>
 * <li>a move made by other means while no request is open is never undone.</li>
 * </ul>
 */
public final class PhaseFlagRequests {
    /** Moves a unit one step toward a phase. */
    @FunctionalInterface
    public interface Mover {
        void moveToward(String unit, MigrationPhase wanted) throws SQLException;
    }

    private final DataSource control;
    private final ControlStore store;
    private final Map<String, MigrationPhase> lastSeen = new HashMap<>();
    private final Map<String, MigrationPhase> open = new HashMap<>();
    private boolean schemaReady;

    public PhaseFlagRequests(DataSource control, ControlStore store) {
        this.control = control;
        this.store = store;
    }

    /**
     * Takes this round's flags: records changed ones and moves every unit with an open request one step.
     * Returns the units still on their way (empty when every request is met).
     */
    public synchronized Map<String, MigrationPhase> follow(Map<String, MigrationPhase> flags, Mover mover) throws SQLException {
        ensureSchema();
        for (Map.Entry<String, MigrationPhase> flag : flags.entrySet()) {
            String unit = flag.getKey();
            MigrationPhase before = lastSeen.containsKey(unit) ? lastSeen.get(unit) : recordedFlag(unit).orElse(null);
            if (before == null) {
                record(unit, flag.getValue()); // first sight: the flag created (or met) the unit's row; nothing to request
            } else if (before != flag.getValue()) {
                record(unit, flag.getValue());
                open.put(unit, flag.getValue());
            }
            lastSeen.put(unit, flag.getValue());
        }
        SQLException refused = null;
        for (Map.Entry<String, MigrationPhase> request : Map.copyOf(open).entrySet()) {
            MigrationPhase recorded = store.unit(request.getKey()).map(ControlStore.UnitRow::phase).orElse(null);
            if (recorded == request.getValue()) {
                open.remove(request.getKey());
                continue;
            }
            try {
                mover.moveToward(request.getKey(), request.getValue());
                if (store.unit(request.getKey()).map(ControlStore.UnitRow::phase).orElse(null) == request.getValue()) {
                    open.remove(request.getKey());
                }
            } catch (SQLException e) {
                refused = refused == null ? e : refused;
            }
        }
        if (refused != null) {
            throw refused;
        }
        return Map.copyOf(open);
    }

    private Optional<MigrationPhase> recordedFlag(String unit) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT flag FROM shardbridge_phase_flag WHERE unit_name = ?")) {
            ps.setString(1, unit);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(MigrationPhase.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private void record(String unit, MigrationPhase flag) throws SQLException {
        try (Connection c = control.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO shardbridge_phase_flag (unit_name, flag) VALUES (?, ?) "
                     + "ON CONFLICT (unit_name) DO UPDATE SET flag = EXCLUDED.flag, seen_at = now()")) {
            ps.setString(1, unit);
            ps.setString(2, flag.name());
            ps.executeUpdate();
        }
    }

    private void ensureSchema() throws SQLException {
        if (!schemaReady) {
            ControlSchema.apply(control);
            schemaReady = true;
        }
    }
}
