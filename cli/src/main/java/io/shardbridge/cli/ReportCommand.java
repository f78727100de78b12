package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.report.ReportHtml;
import io.shardbridge.report.UnitReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes one unit's report page: blockers, census, phase history, backfill, verifications. */
@Command(name = "report", description = "Write one self-contained HTML page for a unit: readiness blockers first, the statement census, "
        + "phase history, backfill progress, verification history.")
final class ReportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--out", required = true, paramLabel = "file.html", description = "where to write the page")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ShardbridgeConfig config = options.load();
        String unit = options.requireUnit(config);
        try (BridgeDataSource ds = CommonOptions.openBridge(config)) {
            UnitReport report = UnitReport.read(ds, unit);
            Files.writeString(out, ReportHtml.render(report), StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + out + " (" + report.readiness().blockers().size() + " blocker(s))");
        }
        return ShardbridgeCli.DONE;
    }
}
