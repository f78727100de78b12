package io.shardbridge.bridge.status;

import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.control.VerificationLog;
import io.shardbridge.config.MigrationPhase;
import java.util.List;
import java.util.Locale;

/**
 * One migration unit as an operator sees it (CLI {@code status}, actuator).
 *
 * @param flippingTo       the phase of an authority flip in progress, or null
 * @param lastVerification null when none has run
 * @param serviceLatency   the live instances' published service latency (what backfills back off on), slowest first
 * @param vacuum           the unit's PostgreSQL tables whose dead row versions dominate, to vacuum before verifying
 */
public record UnitStatus(String unit, MigrationPhase phase, long epoch, MigrationPhase flippingTo, List<String> tables,
                         List<io.shardbridge.bridge.control.ControlStore.InstanceRow> instances, List<Backfill.TableStatus> backfill,
                         VerificationLog.Entry lastVerification, long pendingIntents,
                         List<io.shardbridge.bridge.control.PublishedLatency.InstanceLatency> serviceLatency,
                         List<io.shardbridge.bridge.verify.VacuumAdvice> vacuum) {
    public UnitStatus {
        tables = List.copyOf(tables);
        instances = List.copyOf(instances);
        backfill = List.copyOf(backfill);
        serviceLatency = List.copyOf(serviceLatency);
        vacuum = List.copyOf(vacuum);
    }

    public UnitStatus(String unit, MigrationPhase phase, long epoch, MigrationPhase flippingTo, List<String> tables,
                      List<io.shardbridge.bridge.control.ControlStore.InstanceRow> instances, List<Backfill.TableStatus> backfill,
                      VerificationLog.Entry lastVerification, long pendingIntents) {
        this(unit, phase, epoch, flippingTo, tables, instances, backfill, lastVerification, pendingIntents, List.of(), List.of());
    }

    /** A few aligned lines for a terminal. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "unit %s%n  phase          %s (epoch %d)%s%n  tables         %s%n", unit, phase, epoch,
                flippingTo == null ? "" : ", flipping to " + flippingTo, String.join(", ", tables)));
        long alive = instances.stream().filter(i -> i.alive()).count();
        out.append(String.format(Locale.ROOT, "  instances      %d live%s%n", alive, instances.size() > alive ? ", " + (instances.size() - alive) + " silent" : ""));
        for (var i : instances) {
            String latency = serviceLatency.stream().filter(l -> l.instance().equals(i.instance())).findFirst()
                    .map(l -> String.format(Locale.ROOT, ", service latency %.1fx its baseline (%d ms against %d ms)", l.ratio(), l.current().toMillis(),
                            l.baseline().toMillis())).orElse("");
            out.append(String.format(Locale.ROOT, "    %-40s %-12s epoch %-4d %s last seen %s%s%n", i.instance(), i.observedPhase(), i.observedEpoch(),
                    i.alive() ? "live  " : "silent", i.lastSeen(), latency));
        }
        if (backfill.isEmpty()) {
            out.append("  backfill       not started\n");
        }
        for (Backfill.TableStatus b : backfill) {
            out.append(String.format(Locale.ROOT, "  backfill       %s into %s: %s, %,d rows copied, %d/%d key ranges done%s, last chunk %s%n", b.table(),
                    b.into().name().toLowerCase(Locale.ROOT), b.done() ? "done" : "in progress", b.rowsCopied(), b.rangesDone(), b.ranges(),
                    b.rangesLeased() > 0 ? " (" + b.rangesLeased() + " being copied now)" : "", b.updatedAt()));
        }
        if (lastVerification == null) {
            out.append("  verification   never run\n");
        } else {
            out.append(String.format(Locale.ROOT, "  verification   %s at %s: %,d rows, %s%n", lastVerification.equal() ? "EQUAL" : "DIFFERENT",
                    lastVerification.finishedAt(), lastVerification.rowsCompared(),
                    lastVerification.equal() ? "no differences" : lastVerification.differences() + " difference(s)"));
        }
        out.append(String.format(Locale.ROOT, "  intents        %,d pending repair%n", pendingIntents));
        vacuum.forEach(v -> out.append("  vacuum         ").append(v.message()).append('\n'));
        return out.toString();
    }
}
