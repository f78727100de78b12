package io.shardbridge.cli;

import io.shardbridge.config.CandidatePlans;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.planbench.PlanBench;
import io.shardbridge.planbench.PlanResult;
import io.shardbridge.planbench.Workloads;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Compares candidate shard plans for one legacy table: skew, single-shard share of a workload, replayed throughput and latency. */
@Command(name = "plan-bench", description = "Compare candidate shard plans for a legacy table; writes an HTML and a JSON report.")
final class PlanBenchCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "app.yaml",
            description = "legacy: to read the table from; target.shards: the servers plan-bench creates scratch databases on")
    Path config;

    @Option(names = "--plans", required = true, paramLabel = "plans.yaml", description = "table: and plans: (see cli/README.md)")
    Path plans;

    @ArgGroup(exclusive = true)
    WorkloadSource workload;

    static final class WorkloadSource {
        @Option(names = "--pg-stat-statements", paramLabel = "export.csv", description = "a pg_stat_statements CSV export (query, calls)")
        Path pgStatStatements;

        @Option(names = "--statement-log", paramLabel = "statements.log", description = "one statement per line, or PostgreSQL log lines")
        Path statementLog;
    }

    @Option(names = "--out", paramLabel = "PREFIX", defaultValue = "plan-bench", description = "writes PREFIX.html and PREFIX.json (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--threads", defaultValue = "4", description = "replay clients (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seconds", defaultValue = "10", description = "measured replay per plan (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "2", description = "replay before measuring (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--sample-rows", defaultValue = "20000", description = "rows loaded into each plan for the replay (default: ${DEFAULT-VALUE})")
    int sampleRows;

    @Option(names = "--keep-scratch", description = "keep the last plan's scratch databases (shardbridge_pb_*) for inspection")
    boolean keepScratch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || seconds < 1 || warmupSeconds < 0 || sampleRows < 1) {
            throw new IllegalArgumentException("--threads, --seconds and --sample-rows must be at least 1 and --warmup-seconds at least 0");
        }
        ShardbridgeConfig loaded = ShardbridgeConfigLoader.load(config);
        CandidatePlans candidates = ShardbridgeConfigLoader.loadPlans(plans);
        PrintWriter console = spec.commandLine().getOut();
        PlanBench bench = new PlanBench(loaded, new PlanBench.Options(sampleRows, threads, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds),
                keepScratch), line -> {
                    console.println(line);
                    console.flush();
                });
        PlanBench.Report report = bench.run(candidates, workload == null ? null
                : workload.pgStatStatements != null ? Workloads.pgStatStatements(workload.pgStatStatements, candidates.table())
                : Workloads.statementLog(workload.statementLog, candidates.table()));
        Path html = Path.of(out + ".html");
        Path json = Path.of(out + ".json");
        if (html.toAbsolutePath().getParent() != null) {
            Files.createDirectories(html.toAbsolutePath().getParent());
        }
        Workloads.writeReports(report, html, json);
        console.println();
        console.printf("%-20s %8s %10s %12s %12s %8s%n", "plan", "rows Gini", "max/mean", "single-shard", "statements/s", "score");
        report.plans().stream().sorted(Comparator.comparingDouble(PlanResult::score).reversed()).forEach(p ->
                console.printf("%-20s %8.2f %10.2f %11.0f%% %12.0f %8.2f%n", p.plan().name(), p.rows().gini(), p.rows().maxOverMean(),
                        p.singleShardShare() * 100, p.replay().perSecond(), p.score()));
        console.println("report: " + html + " and " + json);
        console.flush();
        return ShardbridgeCli.DONE;
    }
}
