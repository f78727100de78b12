package io.shardbridge.bridge.control;

import io.shardbridge.bridge.verify.VerificationLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DESIGN §4, the last step: {@code RAMP_DOWN → TARGET_ONLY} lets legacy go, so legacy must be equal to
 * the target when it stops receiving writes — the copy an operator keeps as the way back. The move is
 * fenced like an authority flip (no transaction of the unit runs anywhere, then every intent is
 * drained, or the move is abandoned), and this gate requires a verification that finished after the
 * unit entered RAMP_DOWN — so after the last authority flip — and found both sides equal.
 *
 * <p>An operator who lets legacy go anyway records an acceptance first ({@link #accept}): a row in
 * {@code shardbridge_acceptance} with the reason, which counts for the move out of the phase it was
 * recorded in and is logged when used.
 */
public final class LetGoGate {
    private static final Logger LOG = LoggerFactory.getLogger(LetGoGate.class);
    static final String TABLE = "shardbridge_acceptance";
    static final String KIND = "let-go-unverified";

    private final DataSource control;

    public LetGoGate(DataSource control) {
        this.control = control;
    }

    /** Refuses the let-go unless a clean verification finished since the unit entered its phase, or an acceptance was recorded since. */
    void check(String unit) throws SQLException {
        Instant since = phaseSince(unit);
        Optional<VerificationLog.Entry> verified = new VerificationLog(control).latest(unit);
        String missing;
        if (verified.isEmpty() || !verified.get().finishedAt().isAfter(since)) {
            missing = "no verification has finished since it entered RAMP_DOWN (" + since + ")";
        } else if (!verified.get().equal()) {
            missing = "its latest verification (" + verified.get().finishedAt() + ") found " + verified.get().differences() + " difference(s)";
        } else {
            return;
        }
        Optional<String> accepted = acceptedSince(unit, since);
        if (accepted.isPresent()) {
            LOG.warn("migration unit {}: RAMP_DOWN -> TARGET_ONLY although {}: accepted by the operator ({})", unit, missing, accepted.get());
            return;
        }
        throw new SQLException("migration unit " + unit + " cannot move RAMP_DOWN -> TARGET_ONLY: legacy stops receiving writes there, so it "
                + "must be equal to the target first, and " + missing + ". Run `shardbridge verify --config … --unit " + unit + "` (and "
                + "`shardbridge repair` if it finds differences), then move again; or record that legacy may go as it is with "
                + "BridgeDataSource.acceptLetGoUnverified(\"" + unit + "\", reason).", "55000");
    }

    /** Records that the unit may leave RAMP_DOWN for TARGET_ONLY without a clean verification, and why. */
    public void accept(String unit, String reason) throws SQLException {
        if (reason == null || reason.isBlank()) {
            throw new SQLException("an acceptance needs a reason (who decided, and why legacy may go unverified)", "22023");
        }
        try (Connection c = control.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigserial PRIMARY KEY, unit_name varchar(200) NOT NULL, "
                    + "kind varchar(40) NOT NULL, reason text NOT NULL, accepted_at timestamptz NOT NULL DEFAULT clock_timestamp())");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (unit_name, kind, reason) VALUES (?, ?, ?)")) {
                ps.setString(1, unit);
                ps.setString(2, KIND);
                ps.setString(3, reason);
                ps.executeUpdate();
            }
        }
        LOG.warn("migration unit {}: recorded that legacy may go unverified: {}", unit, reason);
    }

    private Instant phaseSince(String unit) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT updated_at FROM shardbridge_unit WHERE unit_name = ?")) {
            ps.setString(1, unit);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("migration unit " + unit + " has no row in the control store", "55000");
                }
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private Optional<String> acceptedSince(String unit, Instant since) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT reason, accepted_at FROM " + TABLE
                + " WHERE unit_name = ? AND kind = ? AND accepted_at > ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, unit);
            ps.setString(2, KIND);
            ps.setTimestamp(3, java.sql.Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1) + ", recorded " + rs.getTimestamp(2).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            if (ControlSql.missingTable(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
