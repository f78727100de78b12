package io.shardbridge.bridge.readiness;

import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A unit's readiness report (DESIGN §11): the statement census with how the target would run each shape,
 * the pre-flight findings, and the blockers that hold up a move making the target authoritative.
 *
 * @param shapes    the census, most executed first
 * @param findings  pre-flight and census findings, blockers first
 * @param accepted  kinds an operator accepted, with who and when
 */
public record Readiness(String unit, MigrationPhase phase, Dialect target, Instant generatedAt, List<Shape> shapes, List<Finding> findings,
                        Map<String, String> accepted) {
    public Readiness {
        shapes = List.copyOf(shapes);
        findings = List.copyOf(findings);
        accepted = Map.copyOf(accepted);
    }

    /** How bad a finding is: a blocker holds up the authority flip until fixed or accepted. */
    public enum Severity { BLOCKER, WARNING, INFO }

    /** One statement shape the service sent, as the census recorded it. */
    public record Shape(String shape, String kind, String route, String routeReason, List<String> findings, long executions,
                        Instant firstSeen, Instant lastSeen) {
        public Shape {
            findings = List.copyOf(findings);
        }
    }

    /** One finding: its kind (what {@code --accept} names), the table or shape it is about, what is wrong and the fix. */
    public record Finding(Severity severity, String kind, String subject, String problem, String fix) {
        static Finding blocker(String kind, String subject, String problem, String fix) {
            return new Finding(Severity.BLOCKER, kind, subject, problem, fix);
        }

        static Finding warning(String kind, String subject, String problem, String fix) {
            return new Finding(Severity.WARNING, kind, subject, problem, fix);
        }

        static Finding info(String kind, String subject, String problem, String fix) {
            return new Finding(Severity.INFO, kind, subject, problem, fix);
        }
    }

    /** The blockers no operator accepted: each holds up a move that makes the target authoritative. */
    public List<Finding> blockers() {
        return findings.stream().filter(f -> f.severity() == Severity.BLOCKER && !accepted.containsKey(f.kind())).toList();
    }

    /** A few aligned lines for a terminal, blockers first. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        List<Finding> blockers = blockers();
        out.append(String.format(Locale.ROOT, "readiness of unit %s (%s, target %s) at %s%n", unit, phase, target.name().toLowerCase(Locale.ROOT),
                generatedAt));
        out.append(blockers.isEmpty() ? "  READY: no blocker holds up the flip to LIVE\n"
                : String.format(Locale.ROOT, "  NOT READY: %d blocker(s) hold up the flip to LIVE%n", blockers.size()));
        for (Finding f : findings) {
            String tag = accepted.containsKey(f.kind()) && f.severity() == Severity.BLOCKER ? "ACCEPTED" : f.severity().name();
            out.append(String.format(Locale.ROOT, "  %-8s %-26s %s: %s%s%n", tag, f.kind(), f.subject(), f.problem(),
                    f.fix().isEmpty() ? "" : " Fix: " + f.fix()));
        }
        accepted.forEach((kind, who) -> out.append(String.format(Locale.ROOT, "  accepted %-26s %s%n", kind, who)));
        out.append(String.format(Locale.ROOT, "  census: %d statement shape(s)%n", shapes.size()));
        for (Shape s : shapes) {
            out.append(String.format(Locale.ROOT, "    %,10d  %-6s %-12s %s%s%n", s.executions(), s.kind(), s.route(), abbreviate(s.shape()),
                    s.findings().isEmpty() ? "" : "  <- " + String.join("; ", s.findings())));
        }
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
