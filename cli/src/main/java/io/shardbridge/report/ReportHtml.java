package io.shardbridge.report;

import io.shardbridge.bridge.backfill.Backfill;
import io.shardbridge.bridge.control.PhaseHistory;
import io.shardbridge.bridge.readiness.Readiness;
import io.shardbridge.bridge.control.VerificationLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One unit's report as a single self-contained HTML file (inline CSS, SVG and a small script; nothing is
 * fetched): blockers first, then the statement census as a chart of shapes by executions coloured by how the
 * target routes them (with a filter), phase history with epochs and flip pauses, backfill progress per table
 * and verification history.
 */
public final class ReportHtml {
    private static final Map<String, String> ROUTE_COLOURS = Map.of("SINGLE_SHARD", "#3a9d5d", "SOME_SHARDS", "#d9a22b", "ALL_SHARDS", "#d9822b",
            "REFUSED", "#b53f3f");

    private ReportHtml() {
    }

    public static String render(UnitReport report) {
        Readiness r = report.readiness();
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>shardbridge report: ").append(esc(r.unit()))
                .append("</title>\n<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1150px;color:#222}"
                        + "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
                        + "th{background:#f3f3f3}td.n{text-align:right}.BLOCKER{background:#fbeaea}.WARNING{background:#fdf5e6}.ACCEPTED{background:#eef}"
                        + ".ready{color:#2d7a45}.notready{color:#b53f3f}code{font-size:12px}.note{color:#555}svg{display:block;margin:.5em 0}"
                        + "tr.hidden{display:none}</style>\n<script>window.onerror=function(m){document.documentElement.setAttribute('data-script-error',m);};</script>"
                        + "</head><body>\n");
        List<Readiness.Finding> blockers = r.blockers();
        h.append("<h1>Migration unit <code>").append(esc(r.unit())).append("</code></h1>\n<p class=\"note\">phase ").append(r.phase())
                .append(" (epoch ").append(report.status().epoch()).append("), target ").append(r.target().name().toLowerCase(Locale.ROOT))
                .append(", tables ").append(esc(String.join(", ", report.status().tables()))).append("; report generated ").append(r.generatedAt())
                .append("</p>\n");
        h.append("<h2 id=\"verdict\" class=\"").append(blockers.isEmpty() ? "ready\">Ready for LIVE" : "notready\">Not ready for LIVE: "
                + blockers.size() + " blocker(s)").append("</h2>\n");
        findings(h, r);
        census(h, r);
        history(h, report.moves());
        backfill(h, report.status().backfill());
        verifications(h, report.verifications());
        h.append("<script>(function(){var sel=document.getElementById('route-filter');function apply(){var v=sel.value;"
                + "document.querySelectorAll('#census tr[data-route]').forEach(function(tr){tr.className=(v==='ALL'||tr.dataset.route===v)?'':'hidden';});}"
                + "sel.addEventListener('change',apply);apply();document.documentElement.setAttribute('data-ready','1');})();</script>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void findings(StringBuilder h, Readiness r) {
        h.append("<h2>Findings</h2><p class=\"note\">Blockers hold up every move that makes the target authoritative until fixed or accepted "
                + "(<code>shardbridge readiness --unit ").append(esc(r.unit())).append(" --accept KIND</code>).</p>\n<table id=\"findings\"><tr><th>severity</th>"
                + "<th>kind</th><th>about</th><th>problem</th><th>fix</th></tr>\n");
        for (Readiness.Finding f : r.findings()) {
            String severity = f.severity() == Readiness.Severity.BLOCKER && r.accepted().containsKey(f.kind()) ? "ACCEPTED" : f.severity().name();
            h.append("<tr class=\"").append(severity).append("\"><td>").append(severity).append("</td><td>").append(esc(f.kind())).append("</td><td><code>")
                    .append(esc(f.subject())).append("</code></td><td>").append(esc(f.problem())).append("</td><td>").append(esc(f.fix())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (!r.accepted().isEmpty()) {
            h.append("<p>Accepted: ");
            r.accepted().forEach((k, who) -> h.append("<code>").append(esc(k)).append("</code> ").append(esc(who)).append("; "));
            h.append("</p>\n");
        }
    }

    private static void census(StringBuilder h, Readiness r) {
        h.append("<h2>Statement census</h2><p class=\"note\">What the service sent through shardbridge on this unit's tables since DUAL_WRITE, "
                + "by shape, and how the target routes each from LIVE on.</p>\n");
        Map<String, Long> byRoute = new LinkedHashMap<>();
        ROUTE_COLOURS.keySet().stream().sorted().forEach(k -> byRoute.put(k, 0L));
        r.shapes().forEach(s -> byRoute.merge(s.route(), s.executions(), Long::sum));
        long total = Math.max(1, byRoute.values().stream().mapToLong(Long::longValue).sum());
        h.append("<svg width=\"900\" height=\"40\" role=\"img\" aria-label=\"executions by routing\">");
        double x = 0;
        for (Map.Entry<String, Long> e : byRoute.entrySet()) {
            double w = 900.0 * e.getValue() / total;
            h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"24\" fill=\"%s\"><title>%s: %d</title></rect>", x, w,
                    ROUTE_COLOURS.getOrDefault(e.getKey(), "#888"), e.getKey(), e.getValue()));
            x += w;
        }
        h.append("</svg><p class=\"note\">");
        byRoute.forEach((k, v) -> h.append("<span style=\"color:").append(ROUTE_COLOURS.getOrDefault(k, "#888")).append("\">&#9632;</span> ")
                .append(k).append(' ').append(v).append(" &nbsp; "));
        h.append("</p>\n<label>routing <select id=\"route-filter\"><option>ALL</option>");
        byRoute.keySet().forEach(k -> h.append("<option>").append(k).append("</option>"));
        h.append("</select></label>\n<table id=\"census\"><tr><th>executions</th><th>kind</th><th>routing</th><th>shape</th><th>target findings</th>"
                + "<th>last seen</th></tr>\n");
        long max = Math.max(1, r.shapes().stream().mapToLong(Readiness.Shape::executions).max().orElse(1));
        for (Readiness.Shape s : r.shapes()) {
            h.append("<tr data-route=\"").append(esc(s.route())).append("\"><td class=\"n\">").append(s.executions())
                    .append(String.format(Locale.ROOT, "<svg width=\"120\" height=\"8\"><rect width=\"%.1f\" height=\"8\" fill=\"%s\"/></svg>",
                            120.0 * s.executions() / max, ROUTE_COLOURS.getOrDefault(s.route(), "#888")))
                    .append("</td><td>").append(esc(s.kind())).append("</td><td>").append(esc(s.route()))
                    .append(s.routeReason().isEmpty() ? "" : "<br><span class=\"note\">" + esc(s.routeReason()) + "</span>")
                    .append("</td><td><code>").append(esc(s.shape())).append("</code></td><td>").append(esc(String.join("; ", s.findings())))
                    .append("</td><td>").append(s.lastSeen()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void history(StringBuilder h, List<PhaseHistory.Move> moves) {
        h.append("<h2>Phase history</h2>\n<table id=\"history\"><tr><th>at</th><th>move</th><th>epoch</th><th>took</th><th>by</th></tr>\n");
        for (PhaseHistory.Move m : moves) {
            h.append("<tr><td>").append(m.at()).append("</td><td>").append(m.from()).append(" &rarr; ").append(m.to())
                    .append(m.flip() ? " (authority flip)" : "").append("</td><td class=\"n\">").append(m.epoch()).append("</td><td class=\"n\">")
                    .append(m.tookMillis()).append(" ms</td><td>").append(esc(m.instance())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void backfill(StringBuilder h, List<Backfill.TableStatus> tables) {
        h.append("<h2>Backfill</h2>\n");
        if (tables.isEmpty()) {
            h.append("<p>Not started.</p>\n");
            return;
        }
        h.append("<table><tr><th>table</th><th>into</th><th>ranges done</th><th>rows copied</th><th>last chunk</th></tr>\n");
        for (Backfill.TableStatus b : tables) {
            h.append("<tr><td>").append(esc(b.table())).append("</td><td>").append(b.into()).append("</td><td class=\"n\">").append(b.rangesDone())
                    .append(" / ").append(b.ranges()).append("</td><td class=\"n\">").append(b.rowsCopied()).append("</td><td>").append(b.updatedAt())
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void verifications(StringBuilder h, List<VerificationLog.Entry> entries) {
        h.append("<h2>Verification history</h2>\n");
        if (entries.isEmpty()) {
            h.append("<p>Never verified.</p>\n");
            return;
        }
        h.append("<table><tr><th>finished</th><th>result</th><th>rows compared</th><th>took</th></tr>\n");
        for (VerificationLog.Entry v : entries) {
            h.append("<tr class=\"").append(v.equal() ? "" : "BLOCKER").append("\"><td>").append(v.finishedAt()).append("</td><td>")
                    .append(v.equal() ? "equal" : v.differences() + " difference(s)").append("</td><td class=\"n\">").append(v.rowsCompared())
                    .append("</td><td class=\"n\">").append(v.tookMillis()).append(" ms</td></tr>\n");
        }
        h.append("</table>\n");
    }

    static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
