package io.shardbridge.cli;

import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.inventory.Inventory;
import io.shardbridge.inventory.InventoryHtml;
import io.shardbridge.inventory.InventoryJson;
import io.shardbridge.inventory.InventoryReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Which applications read and write which legacy tables, and which tables must move together (DESIGN §11). */
@Command(name = "inventory", description = "Which applications touch which legacy tables, and which tables must move together; read-only on legacy.")
final class InventoryCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "app.yaml", description = "legacy: to read; migrations: to compare with")
    Path config;

    @Option(names = "--sample-seconds", defaultValue = "30", paramLabel = "N", description = "how long to sample pg_stat_activity (default: ${DEFAULT-VALUE})")
    int sampleSeconds;

    @Option(names = "--sample-interval-ms", defaultValue = "100", paramLabel = "MS", description = "pause between samples (default: ${DEFAULT-VALUE})")
    int sampleIntervalMs;

    @Option(names = "--out", paramLabel = "report.html", description = "write the self-contained HTML report here")
    Path html;

    @Option(names = "--json", paramLabel = "report.json", description = "write the JSON report here")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sampleSeconds < 0 || sampleIntervalMs < 1) {
            throw new IllegalArgumentException("--sample-seconds must be 0 or more and --sample-interval-ms at least 1");
        }
        ShardbridgeConfig loaded = ShardbridgeConfigLoader.load(config);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InventoryReport report = new Inventory(loaded, new Inventory.Options(Duration.ofSeconds(sampleSeconds), Duration.ofMillis(sampleIntervalMs)),
                line -> {
                    err.println(line);
                    err.flush();
                }).run();
        for (Path file : new Path[] {html, json}) {
            if (file != null && file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
        }
        if (html != null) {
            InventoryHtml.write(report, html);
        }
        if (json != null) {
            InventoryJson.write(report, json);
        }
        out.print(InventorySummary.text(report));
        if (html != null || json != null) {
            out.println("report: " + (html == null ? "" : html + " ") + (json == null ? "" : json));
        }
        out.flush();
        return report.units().stream().anyMatch(u -> !u.flags().isEmpty()) ? ShardbridgeCli.DIFFERENCES : ShardbridgeCli.DONE;
    }
}
