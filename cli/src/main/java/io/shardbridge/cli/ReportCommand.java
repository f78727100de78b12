package io.shardbridge.cli;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.report.ReportHtml;
import io.shardbridge.report.UnitReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes one unit's report page: blockers, census, phase history, backfill, verifications. */
@Command(name = "report", description = "Write one self-contained HTML page for a unit: readiness blockers first, the statement census, "
        + "phase history, backfill progress, verification history.")
final class ReportCommand extends BridgeCommand {
    @Option(names = "--out", required = true, paramLabel = "file.html", description = "where to write the page")
    Path out;

    @Override
    int run(BridgeDataSource ds, String unit) throws Exception {
        UnitReport report = UnitReport.read(ds, unit);
        Files.writeString(out, ReportHtml.render(report), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("wrote " + out + " (" + report.readiness().blockers().size() + " blocker(s))");
        return ShardbridgeCli.DONE;
    }
}
