package io.shardbridge.planbench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report as JSON: one object per plan, with the numbers the HTML charts are drawn from. */
final class ReportJson {
    private ReportJson() {
    }

    static void write(PlanBench.Report report, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), tree(report));
    }

    static Map<String, Object> tree(PlanBench.Report report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("table", report.table());
        root.put("rows", report.rows());
        root.put("machine", report.machine());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("sampleRows", report.options().sampleRows());
        settings.put("threads", report.options().threads());
        settings.put("warmupSeconds", report.options().warmup().toMillis() / 1000.0);
        settings.put("measureSeconds", report.options().measure().toMillis() / 1000.0);
        root.put("settings", settings);
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("source", report.workload().source());
        workload.put("leftOutWeight", report.workload().leftOut());
        workload.put("statements", report.workload().statements().stream().map(s -> Map.of("sql", s.sql(), "weight", s.weight())).toList());
        workload.put("statementsWithUnknownParameters", report.unknownParameters());
        root.put("workload", workload);
        List<Map<String, Object>> plans = new ArrayList<>();
        for (PlanResult r : report.plans()) {
            Map<String, Object> plan = new LinkedHashMap<>();
            plan.put("name", r.plan().name());
            plan.put("shardKey", r.plan().rule().shardKey());
            plan.put("shards", r.plan().shards());
            plan.put("tablesPerShard", r.plan().rule().tablesPerShard());
            plan.put("algorithm", r.plan().rule().algorithm().configName());
            plan.put("rows", skew(r.rows()));
            plan.put("bytes", skew(r.bytes()));
            plan.put("unplaceableRows", r.unplaceableRows());
            plan.put("whyUnplaceable", r.whyUnplaceable());
            plan.put("singleShardShare", r.singleShardShare());
            plan.put("fanOutShare", 1 - r.singleShardShare());
            plan.put("statements", r.statements().stream().map(s -> Map.of("sql", s.sql(), "weight", s.weight(), "singleShard", s.singleShard())).toList());
            Map<String, Object> replay = new LinkedHashMap<>();
            replay.put("statements", r.replay().statements());
            replay.put("seconds", r.replay().seconds());
            replay.put("statementsPerSecond", r.replay().perSecond());
            replay.put("p50Micros", r.replay().p50Micros());
            replay.put("p95Micros", r.replay().p95Micros());
            replay.put("p99Micros", r.replay().p99Micros());
            replay.put("errors", r.replay().errors());
            replay.put("firstErrors", r.replay().firstErrors());
            plan.put("replay", replay);
            plan.put("shardsShareServers", r.shardsShareServers());
            plan.put("score", r.score());
            plans.add(plan);
        }
        root.put("plans", plans);
        return root;
    }

    private static Map<String, Object> skew(Skew s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("perTable", Arrays.stream(s.perTable()).boxed().toList());
        out.put("maxOverMean", s.maxOverMean());
        out.put("gini", s.gini());
        return out;
    }
}
