package io.shardbridge.bridge.readiness;

import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.TargetConfig;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * Builds a unit's {@link Readiness} and holds the gate (DESIGN §11): a move that makes the target
 * authoritative is refused while a blocker stands that no operator accepted. Blockers come from the census
 * (a shape seen within the window that the target cannot run, runs with another meaning, or refuses) and
 * from the pre-flight checks on legacy's catalog. An acceptance is per kind, recorded with who and when, and
 * shown in every report afterwards.
 */
public final class ReadinessReports {
    private final CensusStore store;
    private final StatementCensus census;
    private final DataSource legacy;
    private final TargetConfig target;
    private final Clock clock;
    private final Duration window;

    public ReadinessReports(DataSource control, DataSource legacy, TargetConfig target, Clock clock, Duration window) {
        this.store = new CensusStore(control, 2_000);
        this.census = new StatementCensus(store, target, clock);
        this.legacy = legacy;
        this.target = target;
        this.clock = clock;
        this.window = window;
    }

    public StatementCensus census() {
        return census;
    }

    /**
     * The report; {@code pendingIntents} and {@code lastVerification} are the unit's own state, passed in so
     * this package needs none of the others.
     */
    public Readiness report(String unit, MigrationPhase phase, List<String> tables, long pendingIntents, String lastVerification)
            throws SQLException {
        return report(unit, phase, tables, pendingIntents, lastVerification, List.of());
    }

    /** As above, with pre-flight findings other packages own (the catch-up's writes made outside shardbridge). */
    public Readiness report(String unit, MigrationPhase phase, List<String> tables, long pendingIntents, String lastVerification,
                            List<Readiness.Finding> more) throws SQLException {
        census.flush();
        List<Readiness.Shape> shapes = store.shapes(unit);
        List<Readiness.Finding> findings = new ArrayList<>();
        Instant since = clock.instant().minus(window);
        for (Readiness.Shape shape : shapes) {
            if (shape.lastSeen().isBefore(since)) {
                continue;
            }
            if (!shape.findings().isEmpty()) {
                findings.add(Readiness.Finding.blocker("non-portable-sql", shape.shape(), String.join("; ", shape.findings())
                        + " (" + shape.executions() + " execution(s), last " + shape.lastSeen() + ")",
                        "rewrite it in SQL both engines read alike, or switch the ORM's dialect with the flip"));
            }
            if ("REFUSED".equals(shape.route())) {
                findings.add(Readiness.Finding.blocker("refused-shape", shape.shape(), "the target would refuse it from LIVE on: " + shape.routeReason(),
                        ""));
            } else if ("ALL_SHARDS".equals(shape.route()) && !"OTHER".equals(shape.kind())) {
                findings.add(Readiness.Finding.warning("fan-out", shape.shape(), "runs on every shard from LIVE on (" + shape.routeReason() + ")",
                        "add a shard-key condition where the service knows it"));
            }
        }
        findings.addAll(PreflightChecks.run(legacy, tables, target));
        findings.addAll(more);
        if (pendingIntents > 0) {
            findings.add(Readiness.Finding.warning("pending-intents", unit, pendingIntents + " intent(s) wait for repair",
                    "the flip drains them; check the mirror is reachable"));
        }
        if (lastVerification != null) {
            findings.add(Readiness.Finding.info("last-verification", unit, lastVerification, ""));
        } else {
            findings.add(Readiness.Finding.warning("last-verification", unit, "never verified", "run `shardbridge verify --unit " + unit + "`"));
        }
        findings.sort(Comparator.comparing((Readiness.Finding f) -> f.severity()));
        return new Readiness(unit, phase, target.dialect(), clock.instant(), shapes, findings, store.accepted(unit));
    }

    /** Records an operator's acceptance of one kind of blocker for the unit. */
    public void accept(String unit, String kind, String who) throws SQLException {
        store.accept(unit, kind, who);
    }

    /** Forgets the unit's census and acceptances. */
    public void forget(String unit) throws SQLException {
        census.flush();
        store.forget(unit);
    }

    /** Throws (55000) naming each unaccepted blocker and the way to accept it; for a move that makes the target authoritative. */
    public static void requireNoBlockers(Readiness readiness, MigrationPhase from, MigrationPhase to) throws SQLException {
        List<Readiness.Finding> blockers = readiness.blockers();
        if (blockers.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("migration unit " + readiness.unit() + ": the move " + from + " -> " + to
                + " makes the target authoritative, and the readiness report holds " + blockers.size() + " blocker(s):");
        for (Readiness.Finding f : blockers) {
            message.append("\n  [").append(f.kind()).append("] ").append(f.subject()).append(": ").append(f.problem())
                    .append(f.fix().isEmpty() ? "" : " Fix: " + f.fix());
        }
        message.append("\nFix them, or accept a kind knowingly: `shardbridge readiness --unit ").append(readiness.unit())
                .append(" --accept KIND`. The unit stays at ").append(from).append('.');
        throw new SQLException(message.toString(), "55000");
    }

}
