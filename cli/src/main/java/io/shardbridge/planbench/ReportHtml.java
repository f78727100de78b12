package io.shardbridge.planbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The report as one self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched): the
 * ranking, comparison charts, each plan's rows per physical table, and how each plan routes each statement.
 */
final class ReportHtml {
    private static final String[] COLOURS = {"#2f6db5", "#d9822b", "#3a9d5d", "#b53f3f", "#7d5ab5", "#8c6d31", "#c25d9c", "#5b8a99"};

    private ReportHtml() {
    }

    static void write(PlanBench.Report report, Path file) throws IOException {
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    static String render(PlanBench.Report r) {
        List<PlanResult> ranked = r.plans().stream().sorted(Comparator.comparingDouble(PlanResult::score).reversed()).toList();
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>shardbridge plan-bench: ").append(esc(r.table())).append("</title>\n")
                .append("<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "th{background:#f3f3f3}td.l,th.l{text-align:left}tr.best td{background:#eaf6ea}tr.worst td{background:#fbeaea}"
                        + "code{font-size:12px}.note{color:#555}svg{display:block;margin:.5em 0 1.5em}</style></head><body>\n");
        h.append("<h1>Shard-plan benchmark: <code>").append(esc(r.table())).append("</code></h1>\n");
        h.append("<p class=\"note\">").append(r.rows()).append(" rows scanned; workload: ").append(esc(r.workload().source())).append("; ")
                .append(r.options().threads()).append(" clients for ").append(r.options().measure().toSeconds()).append(" s per plan after ")
                .append(r.options().warmup().toSeconds()).append(" s warm-up, on ").append(r.options().sampleRows()).append(" sampled rows; ")
                .append(esc(r.machine())).append(".</p>\n");
        h.append("<h2>Ranking</h2><p class=\"note\">Score = share of calls kept on one shard × mean/max rows per physical table "
                + "× share of rows the plan can place (1.0 is best). Throughput is measured, not scored: on one machine it reflects routing more than hardware.</p>\n");
        h.append("<table><tr><th class=\"l\">plan</th><th class=\"l\">shard key</th><th>shards × tables</th><th class=\"l\">algorithm</th>"
                + "<th>rows max/mean</th><th>rows Gini</th><th>bytes max/mean</th><th>bytes Gini</th><th>single-shard calls</th>"
                + "<th>statements/s</th><th>p50 µs</th><th>p95 µs</th><th>p99 µs</th><th>errors</th><th>score</th></tr>\n");
        for (int i = 0; i < ranked.size(); i++) {
            PlanResult p = ranked.get(i);
            String cls = ranked.size() > 1 && i == 0 ? " class=\"best\"" : ranked.size() > 1 && i == ranked.size() - 1 ? " class=\"worst\"" : "";
            h.append("<tr").append(cls).append("><td class=\"l\">").append(esc(p.plan().name())).append("</td><td class=\"l\">")
                    .append(esc(p.plan().rule().shardKey())).append("</td><td>").append(p.plan().shards()).append(" × ").append(p.plan().rule().tablesPerShard())
                    .append("</td><td class=\"l\">").append(p.plan().rule().algorithm().configName()).append("</td><td>").append(f2(p.rows().maxOverMean()))
                    .append("</td><td>").append(f2(p.rows().gini())).append("</td><td>").append(f2(p.bytes().maxOverMean())).append("</td><td>")
                    .append(f2(p.bytes().gini())).append("</td><td>").append(pct(p.singleShardShare())).append("</td><td>").append(f0(p.replay().perSecond()))
                    .append("</td><td>").append(f0(p.replay().p50Micros())).append("</td><td>").append(f0(p.replay().p95Micros())).append("</td><td>")
                    .append(f0(p.replay().p99Micros())).append("</td><td>").append(p.replay().errors()).append("</td><td>").append(f2(p.score())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (r.plans().stream().anyMatch(PlanResult::shardsShareServers)) {
            h.append("<p class=\"note\">Some plans have more shards than the configuration has servers; their shards share servers during the replay.</p>\n");
        }
        h.append("<h2>Comparison</h2>\n");
        h.append(bars("Rows Gini per plan (lower is more even)", r.plans(), p -> p.rows().gini(), 1.0, ReportHtml::f2));
        h.append(bars("Calls kept on one shard", r.plans(), PlanResult::singleShardShare, 1.0, ReportHtml::pct));
        h.append(bars("Replayed statements per second", r.plans(), p -> p.replay().perSecond(), 0, ReportHtml::f0));
        h.append(bars("Replay p99 latency, µs", r.plans(), p -> p.replay().p99Micros(), 0, ReportHtml::f0));
        h.append("<h2>Rows per physical table</h2>\n");
        for (int i = 0; i < r.plans().size(); i++) {
            h.append(tableBars(r.plans().get(i), COLOURS[i % COLOURS.length]));
        }
        h.append("<h2>Workload routing</h2><table><tr><th class=\"l\">statement</th><th>weight</th>");
        r.plans().forEach(p -> h.append("<th>").append(esc(p.plan().name())).append("</th>"));
        h.append("</tr>\n");
        for (int s = 0; s < r.workload().statements().size(); s++) {
            Workload.Statement st = r.workload().statements().get(s);
            h.append("<tr><td class=\"l\"><code>").append(esc(st.sql())).append("</code></td><td>").append(f2(st.weight())).append("</td>");
            for (PlanResult p : r.plans()) {
                h.append("<td>").append(p.statements().get(s).singleShard() ? "one shard" : "fan-out").append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        if (!r.unknownParameters().isEmpty()) {
            h.append("<p class=\"note\">Parameters bound as NULL (no column could be read for them): ");
            r.unknownParameters().forEach(s -> h.append("<code>").append(esc(s)).append("</code> "));
            h.append("</p>\n");
        }
        r.plans().stream().filter(p -> !p.replay().firstErrors().isEmpty()).forEach(p -> {
            h.append("<p class=\"note\">Errors in plan ").append(esc(p.plan().name())).append(": ");
            p.replay().firstErrors().forEach((sql, message) -> h.append("<code>").append(esc(sql)).append("</code> → ").append(esc(message)).append("; "));
            h.append("</p>\n");
        });
        h.append("</body></html>\n");
        return h.toString();
    }

    /** A horizontal bar per plan. */
    private static String bars(String title, List<PlanResult> plans, ToDoubleFunction<PlanResult> value, double fixedMax,
                               java.util.function.DoubleFunction<String> label) {
        double max = fixedMax > 0 ? fixedMax : plans.stream().mapToDouble(value).max().orElse(1);
        max = max <= 0 ? 1 : max;
        int rowHeight = 24;
        StringBuilder s = new StringBuilder("<h3>").append(esc(title)).append("</h3>");
        s.append("<svg width=\"760\" height=\"").append(plans.size() * rowHeight + 10).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">");
        for (int i = 0; i < plans.size(); i++) {
            double v = value.applyAsDouble(plans.get(i));
            int width = (int) Math.round(480 * Math.max(0, v) / max);
            int y = i * rowHeight + 5;
            s.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"13\">").append(esc(plans.get(i).plan().name())).append("</text>");
            s.append("<rect x=\"180\" y=\"").append(y).append("\" width=\"").append(width).append("\" height=\"18\" fill=\"")
                    .append(COLOURS[i % COLOURS.length]).append("\"/>");
            s.append("<text x=\"").append(186 + width).append("\" y=\"").append(y + 14).append("\" font-size=\"12\">").append(label.apply(v)).append("</text>");
        }
        return s.append("</svg>\n").toString();
    }

    /** One plan's rows per physical table, with the mean as a line. */
    private static String tableBars(PlanResult p, String colour) {
        long[] rows = p.rows().perTable();
        long max = java.util.Arrays.stream(rows).max().orElse(1);
        max = max == 0 ? 1 : max;
        int n = rows.length;
        int barWidth = Math.max(3, Math.min(40, 720 / Math.max(1, n)));
        int height = 160;
        StringBuilder s = new StringBuilder("<h3>").append(esc(p.plan().name())).append(": max/mean ").append(f2(p.rows().maxOverMean()))
                .append(", Gini ").append(f2(p.rows().gini()));
        if (p.unplaceableRows() > 0) {
            s.append(", ").append(p.unplaceableRows()).append(" rows with no place, e.g. ").append(esc(String.valueOf(p.whyUnplaceable())));
        }
        s.append("</h3><svg width=\"").append(n * barWidth + 60).append("\" height=\"").append(height + 30).append("\" role=\"img\">");
        for (int i = 0; i < n; i++) {
            int h = (int) Math.round((double) height * rows[i] / max);
            s.append("<rect x=\"").append(40 + i * barWidth).append("\" y=\"").append(height - h).append("\" width=\"").append(barWidth - 1)
                    .append("\" height=\"").append(h).append("\" fill=\"").append(colour).append("\"><title>table ").append(i).append(": ")
                    .append(rows[i]).append(" rows</title></rect>");
        }
        double mean = (double) p.rows().total() / Math.max(1, n);
        int meanY = height - (int) Math.round(height * mean / max);
        s.append("<line x1=\"40\" x2=\"").append(40 + n * barWidth).append("\" y1=\"").append(meanY).append("\" y2=\"").append(meanY)
                .append("\" stroke=\"#222\" stroke-dasharray=\"4 3\"/><text x=\"0\" y=\"").append(meanY + 4).append("\" font-size=\"11\">mean</text>");
        s.append("<text x=\"40\" y=\"").append(height + 20).append("\" font-size=\"11\">physical tables 0…").append(n - 1).append(" (largest ")
                .append(max).append(" rows)</text>");
        return s.append("</svg>\n").toString();
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
