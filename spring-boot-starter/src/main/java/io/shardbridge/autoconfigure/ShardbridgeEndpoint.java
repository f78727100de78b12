package io.shardbridge.autoconfigure;

import io.shardbridge.bridge.jdbc.Bridge;
import io.shardbridge.bridge.catchup.SafetyNetStatus;
import io.shardbridge.bridge.status.UnitStatus;
import io.shardbridge.config.MigrationPhase;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/shardbridge}: what CLI {@code status} shows, per unit; and {@code POST
 * /actuator/shardbridge/{unit}} with {@code {"phase": "DUAL_WRITE"}} to request a one-step move (coordinated
 * across instances and gated as everywhere else).
 */
@Endpoint(id = "shardbridge")
public class ShardbridgeEndpoint {
    private final Bridge bridge;

    public ShardbridgeEndpoint(Bridge bridge) {
        this.bridge = bridge;
    }

    @ReadOperation
    public Map<String, Object> units() throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance", bridge.instanceId());
        Map<String, Object> units = new LinkedHashMap<>();
        for (String unit : bridge.unitNames()) {
            units.put(unit, describe(unit));
        }
        out.put("units", units);
        return out;
    }

    @ReadOperation
    public Map<String, Object> unit(@Selector String unit) throws SQLException {
        return describe(unit);
    }

    /** {@code GET /actuator/shardbridge/{unit}/readiness}: the unit's readiness report, blockers first (DESIGN §11). */
    @ReadOperation
    public Map<String, Object> readiness(@Selector String unit, @Selector String view) throws SQLException {
        if (!view.equals("readiness")) {
            throw new IllegalArgumentException("unknown view '" + view + "' of unit " + unit + "; try /actuator/shardbridge/" + unit + "/readiness");
        }
        var r = bridge.readiness(unit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unit", r.unit());
        out.put("phase", r.phase().name());
        out.put("ready", r.blockers().isEmpty());
        out.put("blockers", r.blockers().stream().map(f -> Map.of("kind", f.kind(), "subject", f.subject(), "problem", f.problem(), "fix", f.fix())).toList());
        out.put("findings", r.findings().stream().map(f -> Map.of("severity", f.severity().name(), "kind", f.kind(), "subject", f.subject(),
                "problem", f.problem())).toList());
        out.put("accepted", r.accepted());
        out.put("census", r.shapes().stream().map(s -> Map.of("shape", s.shape(), "kind", s.kind(), "route", s.route(), "executions", s.executions(),
                "findings", s.findings(), "lastSeen", String.valueOf(s.lastSeen()))).toList());
        return out;
    }

    /**
     * {@code acceptOutsideWrites: true} moves to a phase where the target is authoritative although rows were
     * written outside shardbridge within {@code outside-writes-quiet-ms} (recorded, shown in the status).
     */
    @WriteOperation
    public Map<String, Object> move(@Selector String unit, String phase, @org.springframework.lang.Nullable Boolean acceptOutsideWrites)
            throws SQLException {
        bridge.moveTo(unit, MigrationPhase.parse("phase", phase), Boolean.TRUE.equals(acceptOutsideWrites), p -> { });
        return describe(unit);
    }

    /** As {@link #move(String, String, Boolean)} without the override. */
    public Map<String, Object> move(String unit, String phase) throws SQLException {
        return move(unit, phase, null);
    }

    private Map<String, Object> describe(String unit) throws SQLException {
        Map<String, Object> out = describe(bridge.status(unit));
        out.put("safetyNet", describe(bridge.safetyNet(unit)));
        return out;
    }

    /** Writes made outside shardbridge and the catch-up slot (DESIGN §10). */
    static Map<String, Object> describe(SafetyNetStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("on", s.on());
        out.put("offReason", s.offReason());
        out.put("slot", s.slot());
        out.put("slotExists", s.slotExists());
        out.put("consumer", s.consumer());
        out.put("retainedWalBytes", s.retainedBytes());
        out.put("lagBytes", s.lagBytes());
        out.put("slotWarning", s.slotWarning());
        out.put("outsideWritesRecent", s.outsideWritesRecent());
        out.put("alarms", s.alarms());
        out.put("writtenOutsideShardbridge", s.writes().stream().map(w -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", w.table());
            m.put("writer", w.writer());
            m.put("count", w.count());
            m.put("firstSeen", String.valueOf(w.firstSeen()));
            m.put("lastSeen", String.valueOf(w.lastSeen()));
            m.put("withinQuietWindow", w.recent());
            m.put("alarms", w.alarms());
            m.put("sampleKeys", w.sampleKeys());
            return m;
        }).toList());
        out.put("acceptedAt", s.acceptedAt() == null ? null : s.acceptedAt().toString());
        out.put("acceptedNote", s.acceptedNote());
        return out;
    }

    static Map<String, Object> describe(UnitStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("phase", s.phase().name());
        out.put("epoch", s.epoch());
        out.put("flippingTo", s.flippingTo() == null ? null : s.flippingTo().name());
        out.put("tables", s.tables());
        out.put("instances", s.instances().stream().map(i -> Map.of("instance", i.instance(), "observedPhase", i.observedPhase().name(),
                "observedEpoch", i.observedEpoch(), "alive", i.alive(), "lastSeen", String.valueOf(i.lastSeen()))).toList());
        out.put("backfill", s.backfill().stream().map(b -> Map.of("table", b.table(), "into", b.into().name(), "done", b.done(),
                "rowsCopied", b.rowsCopied(), "rangesDone", b.rangesDone(), "ranges", b.ranges(), "updatedAt", String.valueOf(b.updatedAt()))).toList());
        out.put("lastVerification", s.lastVerification() == null ? null : Map.of("finishedAt", String.valueOf(s.lastVerification().finishedAt()),
                "equal", s.lastVerification().equal(), "differences", s.lastVerification().differences(),
                "rowsCompared", s.lastVerification().rowsCompared()));
        out.put("pendingIntents", s.pendingIntents());
        out.put("serviceLatency", s.serviceLatency().stream().map(l -> Map.of("instance", l.instance(), "ratio", l.ratio(),
                "currentMillis", l.current().toMillis(), "baselineMillis", l.baseline().toMillis(), "publishedAt", String.valueOf(l.publishedAt())))
                .toList());
        out.put("vacuum", s.vacuum().stream().map(v -> Map.of("side", v.side().name(), "database", v.database(), "table", v.table(),
                "deadRows", v.deadRows(), "liveRows", v.liveRows(), "advice", v.message())).toList());
        return out;
    }
}
