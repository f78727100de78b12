package io.shardbridge.report;

import io.shardbridge.bridge.control.PhaseHistory;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.readiness.Readiness;
import io.shardbridge.bridge.status.UnitStatus;
import io.shardbridge.bridge.control.VerificationLog;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the operator's report page shows of one unit: readiness (blockers first, the census), phase
 * history, backfill progress and verification history, read from the control store at one moment.
 */
public record UnitReport(Readiness readiness, UnitStatus status, List<PhaseHistory.Move> moves, List<VerificationLog.Entry> verifications) {
    public static UnitReport read(BridgeDataSource ds, String unit) throws SQLException {
        return new UnitReport(ds.bridge().readiness(unit), ds.bridge().status(unit), ds.bridge().phaseHistory(unit, 100), ds.bridge().verificationHistory(unit, 50));
    }

    /** The readiness report as plain maps and lists (for JSON). */
    public static Map<String, Object> tree(Readiness r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unit", r.unit());
        out.put("phase", r.phase().name());
        out.put("target", r.target().name().toLowerCase(java.util.Locale.ROOT));
        out.put("generatedAt", r.generatedAt().toString());
        out.put("ready", r.blockers().isEmpty());
        out.put("blockers", r.blockers().stream().map(UnitReport::finding).toList());
        out.put("findings", r.findings().stream().map(UnitReport::finding).toList());
        out.put("accepted", r.accepted());
        out.put("census", r.shapes().stream().map(s -> {
            Map<String, Object> shape = new LinkedHashMap<>();
            shape.put("shape", s.shape());
            shape.put("kind", s.kind());
            shape.put("route", s.route());
            shape.put("routeReason", s.routeReason());
            shape.put("findings", s.findings());
            shape.put("executions", s.executions());
            shape.put("firstSeen", s.firstSeen().toString());
            shape.put("lastSeen", s.lastSeen().toString());
            return shape;
        }).toList());
        return out;
    }

    private static Map<String, Object> finding(Readiness.Finding f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("severity", f.severity().name());
        out.put("kind", f.kind());
        out.put("subject", f.subject());
        out.put("problem", f.problem());
        out.put("fix", f.fix());
        return out;
    }
}
