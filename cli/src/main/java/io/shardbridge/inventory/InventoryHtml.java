package io.shardbridge.inventory;

import io.shardbridge.inventory.InventoryReport.Application;
import io.shardbridge.inventory.InventoryReport.Cell;
import io.shardbridge.inventory.InventoryReport.Group;
import io.shardbridge.inventory.InventoryReport.Link;
import io.shardbridge.inventory.InventoryReport.LinkKind;
import io.shardbridge.inventory.InventoryReport.Statement;
import io.shardbridge.inventory.InventoryReport.TableUse;
import io.shardbridge.inventory.InventoryReport.Unit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page (inline CSS and SVG; no script, nothing fetched): the
 * table × application heat map, the writers to switch per table, the suggested groups drawn as graphs,
 * the configured units with their flags, the catalog links and the statements.
 */
public final class InventoryHtml {
    private static final Map<LinkKind, String> COLOURS = Map.of(LinkKind.STATEMENT, "#b53f3f", LinkKind.TRANSACTION, "#d9822b",
            LinkKind.FOREIGN_KEY, "#2f6db5", LinkKind.TRIGGER, "#7d5ab5", LinkKind.RULE, "#c25d9c", LinkKind.FUNCTION, "#8c6d31",
            LinkKind.SEQUENCE, "#3a9d5d");

    private InventoryHtml() {
    }

    public static void write(InventoryReport report, Path file) throws IOException {
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    static String render(InventoryReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>shardbridge inventory: ").append(esc(r.database()))
                .append("</title>\n<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
                        + "th{background:#f3f3f3}td.n{text-align:right}td.heat{text-align:center;min-width:7em}code{font-size:12px}"
                        + ".note{color:#555}.flag{color:#b53f3f}svg{display:block;margin:.5em 0 1.5em}.w{font-weight:bold}</style></head><body>\n");
        h.append("<h1>Inventory of <code>").append(esc(r.database())).append("</code></h1>\n");
        h.append("<p class=\"note\">Generated ").append(r.generatedAt()).append("; pg_stat_statements ")
                .append(r.sources().pgStatStatements() ? "read" : "not available").append("; pg_stat_activity sampled ").append(r.sources().samples())
                .append(" times over ").append(r.sources().sampleMillis()).append(" ms; ").append(r.sources().readAllStats()
                        ? "every session visible (pg_read_all_stats)." : "<span class=\"flag\">only this role's sessions visible</span>.")
                .append("</p>\n");
        if (!r.sources().notes().isEmpty()) {
            h.append("<ul class=\"note\">");
            r.sources().notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
            h.append("</ul>\n");
        }
        applications(h, r.applications());
        heatMap(h, r);
        writers(h, r.tables());
        groups(h, r.groups());
        units(h, r.units());
        catalog(h, r.catalog());
        statements(h, r.statements());
        return h.append("</body></html>\n").toString();
    }

    private static void applications(StringBuilder h, List<Application> apps) {
        h.append("<h2>Applications</h2><p class=\"note\">An application is its connections' <code>application_name</code>; where that is empty, "
                + "its login role.</p><table><tr><th>application</th><th>named by</th><th>roles</th><th>client addresses</th><th>counted from</th></tr>\n");
        for (Application a : apps) {
            h.append("<tr><td>").append(esc(a.name())).append("</td><td>").append(named(a)).append("</td><td>").append(esc(String.join(", ", a.roles())))
                    .append("</td><td>").append(esc(String.join(", ", a.clientAddresses()))).append("</td><td>")
                    .append(a.countedFrom() == InventoryReport.Source.PG_STAT_STATEMENTS ? "pg_stat_statements (calls)" : "sampling (executions seen)")
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String named(Application a) {
        return switch (a.identifiedBy()) {
            case APPLICATION_NAME -> "application_name";
            case ROLE -> "role";
            case ROLE_SEEN_AS_APPLICATION_NAME -> "role, seen only as this application_name";
        };
    }

    private static void heatMap(StringBuilder h, InventoryReport r) {
        h.append("<h2>Tables × applications</h2><p class=\"note\">Each cell: reads / <span class=\"w\">writes</span> (calls); the darker, "
                + "the more calls. Hover for the last time sampling saw it.</p>\n<table><tr><th>table</th>");
        r.applications().forEach(a -> h.append("<th>").append(esc(a.name())).append("</th>"));
        h.append("</tr>\n");
        Map<String, Cell> cells = new HashMap<>();
        long max = 1;
        for (Cell c : r.matrix()) {
            cells.put(c.table() + "\u0000" + c.application(), c);
            max = Math.max(max, c.calls());
        }
        for (TableUse t : r.tables()) {
            h.append("<tr><td><code>").append(esc(t.table())).append("</code></td>");
            for (Application a : r.applications()) {
                Cell c = cells.get(t.table() + "\u0000" + a.name());
                if (c == null) {
                    h.append("<td class=\"heat\"></td>");
                    continue;
                }
                double share = Math.log1p(c.calls()) / Math.log1p(max);
                int light = (int) Math.round(95 - 50 * share);
                String hue = c.writes() > 0 ? "8" : "212";
                h.append("<td class=\"heat\" style=\"background:hsl(").append(hue).append(",70%,").append(light).append("%)").append(light < 62 ? ";color:#fff" : "")
                        .append("\" title=\"last seen ").append(c.lastSeen() == null ? "not sampled" : c.lastSeen().toString()).append("\">")
                        .append(c.reads()).append(" / <span class=\"w\">").append(c.writes()).append("</span></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void writers(StringBuilder h, List<TableUse> tables) {
        h.append("<h2>Writers per table</h2><p class=\"note\">The applications that must switch to shardbridge, or stop writing, before the "
                + "table's unit goes LIVE.</p><table><tr><th>table</th><th>written by</th><th>only read by</th></tr>\n");
        for (TableUse t : tables) {
            h.append("<tr><td><code>").append(esc(t.table())).append("</code></td><td>").append(esc(String.join(", ", t.writers())))
                    .append("</td><td>").append(esc(String.join(", ", t.readers()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void groups(StringBuilder h, List<Group> groups) {
        h.append("<h2>Suggested units</h2><p class=\"note\">Tables that must move together. Edge colours: ");
        for (LinkKind k : LinkKind.values()) {
            h.append("<span style=\"color:").append(COLOURS.get(k)).append("\">■ ").append(esc(k.meaning())).append("</span> ");
        }
        h.append("</p>\n");
        if (groups.isEmpty()) {
            h.append("<p>No table is linked to another: every table can move alone.</p>\n");
        }
        int n = 1;
        for (Group g : groups) {
            h.append("<h3>Group ").append(n++).append(": ").append(esc(String.join(", ", g.tables()))).append("</h3>\n").append(graph(g));
            h.append("<ul>");
            g.reasons().forEach(l -> h.append("<li><span style=\"color:").append(COLOURS.get(l.kind())).append("\">").append(esc(l.kind().meaning()))
                    .append("</span>: <code>").append(esc(String.join(", ", l.tables()))).append("</code> — ").append(esc(l.detail())).append("</li>"));
            h.append("</ul>\n");
        }
    }

    /** The group's tables on a circle, one line per pair a reason links, coloured by the reason. */
    static String graph(Group g) {
        int count = g.tables().size();
        double radius = Math.max(70, 24.0 * count);
        int size = (int) (2 * radius + 220);
        double cx = size / 2.0;
        double cy = radius + 40;
        Map<String, double[]> at = new HashMap<>();
        for (int i = 0; i < count; i++) {
            double angle = -Math.PI / 2 + 2 * Math.PI * i / count;
            at.put(g.tables().get(i), new double[] {cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)});
        }
        StringBuilder s = new StringBuilder("<svg width=\"").append(size).append("\" height=\"")
                .append((int) (2 * radius + 80)).append("\" role=\"img\" aria-label=\"").append(esc(String.join(", ", g.tables()))).append("\">");
        Map<String, Integer> drawn = new HashMap<>();
        for (Link l : g.reasons()) {
            List<String> t = l.tables();
            for (int i = 0; i < t.size(); i++) {
                for (int j = i + 1; j < t.size(); j++) {
                    double[] a = at.get(t.get(i));
                    double[] b = at.get(t.get(j));
                    // a second reason for the same pair is drawn beside the first, not over it
                    int k = drawn.merge(t.get(i).compareTo(t.get(j)) < 0 ? t.get(i) + "\u0000" + t.get(j) : t.get(j) + "\u0000" + t.get(i), 1, Integer::sum) - 1;
                    double length = Math.max(1, Math.hypot(b[0] - a[0], b[1] - a[1]));
                    double shift = (k % 2 == 0 ? 1 : -1) * 4.0 * ((k + 1) / 2);
                    double dx = -(b[1] - a[1]) / length * shift;
                    double dy = (b[0] - a[0]) / length * shift;
                    s.append("<line x1=\"").append(f(a[0] + dx)).append("\" y1=\"").append(f(a[1] + dy)).append("\" x2=\"").append(f(b[0] + dx))
                            .append("\" y2=\"").append(f(b[1] + dy)).append("\" stroke=\"").append(COLOURS.get(l.kind()))
                            .append("\" stroke-width=\"2\"><title>").append(esc(l.kind().meaning() + ": " + l.detail())).append("</title></line>");
                }
            }
        }
        for (String table : g.tables()) {
            double[] p = at.get(table);
            s.append("<circle cx=\"").append(f(p[0])).append("\" cy=\"").append(f(p[1])).append("\" r=\"6\" fill=\"#222\"/>");
            s.append("<text x=\"").append(f(p[0] + 9)).append("\" y=\"").append(f(p[1] - 8)).append("\" font-size=\"12\">").append(esc(table)).append("</text>");
        }
        return s.append("</svg>\n").toString();
    }

    private static void units(StringBuilder h, List<Unit> units) {
        h.append("<h2>Configured units</h2>\n");
        if (units.isEmpty()) {
            h.append("<p class=\"note\">The configuration has no <code>migrations:</code> yet.</p>\n");
        }
        for (Unit u : units) {
            h.append("<h3>").append(esc(u.name())).append("</h3><table><tr><th>table</th><th>written by</th></tr>");
            u.writers().forEach((t, w) -> h.append("<tr><td><code>").append(esc(t)).append("</code></td><td>").append(esc(String.join(", ", w)))
                    .append("</td></tr>"));
            h.append("</table>\n");
            if (u.flags().isEmpty()) {
                h.append("<p>Cuts no link.</p>\n");
            } else {
                h.append("<ul>");
                u.flags().forEach(f -> h.append("<li class=\"flag\">").append(esc(f)).append("</li>"));
                h.append("</ul>\n");
            }
        }
    }

    private static void catalog(StringBuilder h, InventoryReport.Catalog c) {
        h.append("<h2>Catalog</h2><table><tr><th>kind</th><th>name</th><th>what it links</th></tr>\n");
        c.foreignKeys().forEach(fk -> row(h, "foreign key", fk.name(), fk.table() + " → " + fk.references()));
        c.triggers().forEach(t -> row(h, "trigger", t.name(), "on " + t.table() + ", runs " + t.function() + "(): writes " + String.join(", ", t.writes())
                + (t.reads().isEmpty() ? "" : "; reads " + String.join(", ", t.reads()))));
        c.views().forEach(v -> row(h, "view", v.name(), "reads " + String.join(", ", v.reads())));
        c.rules().forEach(rule -> row(h, "rule", rule.name(), "on " + rule.table() + ": " + String.join(", ", rule.references())));
        c.functions().forEach(f -> row(h, "function (" + f.language() + ")", f.name(), "writes " + String.join(", ", f.writes()) + "; reads "
                + String.join(", ", f.reads()) + (f.notes().isEmpty() ? "" : "; " + String.join("; ", f.notes()))));
        c.sequences().forEach(s -> row(h, "sequence", s.sequence(), (s.ownedBy() == null ? "" : "owned by " + s.ownedBy() + "; ") + "fills "
                + String.join(", ", s.filling())));
        h.append("</table>\n");
    }

    private static void row(StringBuilder h, String kind, String name, String what) {
        h.append("<tr><td>").append(esc(kind)).append("</td><td><code>").append(esc(name)).append("</code></td><td>").append(esc(what)).append("</td></tr>\n");
    }

    private static void statements(StringBuilder h, List<Statement> statements) {
        h.append("<h2>Statements</h2><table><tr><th>application</th><th>calls</th><th>statement</th><th>reads</th><th>writes</th></tr>\n");
        for (Statement s : statements) {
            h.append("<tr><td>").append(esc(s.application())).append("</td><td class=\"n\">").append(s.calls()).append("</td><td><code>")
                    .append(esc(UnitSuggestions.abbreviate(s.sql()))).append("</code>");
            if (!s.via().isEmpty()) {
                h.append("<br><span class=\"note\">via ").append(esc(String.join(", ", s.via()))).append("</span>");
            }
            if (s.error() != null) {
                h.append("<br><span class=\"flag\">not parsed: ").append(esc(s.error())).append("</span>");
            }
            h.append("</td><td>").append(esc(String.join(", ", s.read()))).append("</td><td>").append(esc(String.join(", ", s.written())))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
