package io.shardbridge.bridge.catchup;

import io.shardbridge.bridge.readiness.Readiness;
import io.shardbridge.config.CaptureMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The catch-up's part of a unit's readiness report (DESIGN §11 pre-flight: outside writes): each table
 * written outside shardbridge within the quiet window is a failing check, with the fix — the same
 * condition on which the flip gate refuses the move to LIVE, reported before anyone tries it. Under
 * {@code capture: logical} a safety net that is off is a failing check too (the stream is the only way the
 * unit's writes reach the target); with statement capture it is a warning (writes made outside
 * shardbridge would go unseen until a verification).
 */
final class OutsideWriteFindings {
    static final String OUTSIDE_WRITES = "outside-writes";
    static final String SAFETY_NET_OFF = "safety-net-off";

    private OutsideWriteFindings() {
    }

    static List<Readiness.Finding> of(SafetyNetStatus status, CaptureMode capture) {
        List<Readiness.Finding> out = new ArrayList<>();
        String unit = status.unit();
        if (status.offReason() != null) {
            String problem = "the safety net for writes made outside shardbridge is off: " + status.offReason();
            out.add(capture == CaptureMode.LOGICAL
                    ? new Readiness.Finding(Readiness.Severity.BLOCKER, SAFETY_NET_OFF, unit, problem + "; under capture: logical no write of "
                            + "the unit reaches the target without it", "fix legacy as the reason says, or set capture: statement")
                    : new Readiness.Finding(Readiness.Severity.WARNING, SAFETY_NET_OFF, unit, problem + "; such writes are neither caught up "
                            + "nor reported, only a verification shows them", "fix legacy as the reason says"));
        }
        for (OutsideWrites w : status.writes()) {
            if (!w.recent()) {
                continue;
            }
            out.add(new Readiness.Finding(Readiness.Severity.BLOCKER, OUTSIDE_WRITES, w.table(), w.count() + " write(s) written outside shardbridge by "
                    + w.writer() + " within the last " + status.quiet().toMillis() + " ms (migrations." + unit + ".outside-writes-quiet-ms), last "
                    + "at " + w.lastSeen() + ", keys " + w.sampleKeys() + ": after the flip to LIVE such writes land on the side that no longer "
                    + "counts, so the flip is refused while they go on",
                    "move that writer to shardbridge (or its tables into the unit) and wait out the window; once sure it has stopped, "
                    + "`shardbridge phase --accept-outside-writes` overrides (recorded)"));
        }
        return out;
    }
}
