package io.shardbridge.cli;

import io.shardbridge.inventory.InventoryReport;
import java.util.stream.Collectors;

/** The inventory's text summary on stdout: sources, applications, writers per table, groups, unit flags. */
final class InventorySummary {
    private InventorySummary() {
    }

    private static String named(InventoryReport.IdentifiedBy by) {
        return switch (by) {
            case APPLICATION_NAME -> "(application_name)";
            case ROLE -> "(role: no application_name)";
            case ROLE_SEEN_AS_APPLICATION_NAME -> "(role seen only as this application_name)";
        };
    }

    static String text(InventoryReport r) {
        StringBuilder s = new StringBuilder();
        s.append("inventory of ").append(r.database()).append(": pg_stat_statements ").append(r.sources().pgStatStatements() ? "read" : "absent")
                .append(", ").append(r.sources().samples()).append(" samples of pg_stat_activity")
                .append(r.sources().readAllStats() ? "" : ", only this role's sessions visible (no pg_read_all_stats)").append('\n');
        r.sources().notes().forEach(n -> s.append("  note: ").append(n).append('\n'));
        s.append("\napplications (").append(r.applications().size()).append("):\n");
        r.applications().forEach(a -> s.append(String.format("  %-28s %-44s roles %s, clients %s%n", a.name(), named(a.identifiedBy()), a.roles(),
                a.clientAddresses())));
        s.append("\nwriters per table (switch them to shardbridge, or stop them, before the table's unit goes LIVE):\n");
        r.tables().stream().filter(t -> !t.writers().isEmpty() || !t.readers().isEmpty()).forEach(t -> s.append(String.format("  %-28s written by %s%s%n",
                t.table(), t.writers().isEmpty() ? "nobody seen" : String.join(", ", t.writers()),
                t.readers().isEmpty() ? "" : "; only read by " + String.join(", ", t.readers()))));
        s.append("\nsuggested units (tables that must move together):\n");
        if (r.groups().isEmpty()) {
            s.append("  none: no table is linked to another\n");
        }
        r.groups().forEach(g -> {
            s.append("  [").append(String.join(", ", g.tables())).append("]\n");
            g.reasons().forEach(l -> s.append("    - ").append(l.kind().meaning()).append(": ").append(l.detail()).append('\n'));
        });
        if (!r.units().isEmpty()) {
            s.append("\nconfigured units:\n");
            r.units().forEach(u -> {
                s.append("  ").append(u.name()).append(" ").append(u.tables()).append(": written by ")
                        .append(u.writers().values().stream().flatMap(java.util.List::stream).distinct().collect(Collectors.joining(", "))).append('\n');
                u.flags().forEach(f -> s.append("    FLAG ").append(f).append('\n'));
            });
        }
        return s.toString();
    }
}
