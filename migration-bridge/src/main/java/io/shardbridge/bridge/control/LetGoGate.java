package io.shardbridge.bridge.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * unit entered RAMP_DOWN — so after the last authority flip — and found both sides equal. The phase's
 * start is the unit row's last change, so an abandoned move out of RAMP_DOWN asks for a fresh
 * verification (conservative).
 *
 * <p>An operator who lets legacy go anyway accepts the kind {@value #ACCEPTANCE} first, with the
 * readiness report's acceptances ({@code BridgeDataSource.acceptReadiness}, CLI {@code readiness
 * --accept}): recorded with who and when, shown in every report, logged when it lets a move through.
 */
final class LetGoGate {
    private static final Logger LOG = LoggerFactory.getLogger(LetGoGate.class);
    /** The readiness acceptance that lets legacy go without a clean verification. */
    public static final String ACCEPTANCE = "unverified-let-go";

    private final DataSource control;

    public LetGoGate(DataSource control) {
        this.control = control;
    }

    /** Refuses the let-go unless a clean verification finished since the unit entered its phase, or the operator accepted it. */
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
        String accepted = new Acceptances(control).acceptance(unit, ACCEPTANCE);
        if (accepted != null) {
            LOG.warn("migration unit {}: RAMP_DOWN -> TARGET_ONLY although {}: '{}' accepted {}", unit, missing, ACCEPTANCE, accepted);
            return;
        }
        throw new SQLException("migration unit " + unit + " cannot move RAMP_DOWN -> TARGET_ONLY: legacy stops receiving writes there, so it "
                + "must be equal to the target first, and " + missing + ". Run `shardbridge verify --config … --unit " + unit + "` (and "
                + "`shardbridge repair` if it finds differences), then move again; or accept letting legacy go as it is: "
                + "`shardbridge readiness --config … --unit " + unit + " --accept " + ACCEPTANCE + "`.", "55000");
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
}
