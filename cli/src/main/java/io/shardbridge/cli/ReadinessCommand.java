package io.shardbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.readiness.Readiness;
import io.shardbridge.report.UnitReport;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A unit's readiness report (exit 1 while a blocker stands), and the recorded acceptance of a kind of blocker. */
@Command(name = "readiness", description = "Show what holds up the flip to LIVE: the statement census, SQL the target cannot run, "
        + "pre-flight checks. --accept KIND records an override.")
final class ReadinessCommand extends BridgeCommand {
    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--accept", paramLabel = "KIND", description = "accept every blocker of this kind (e.g. non-portable-sql, trigger); recorded with --by")
    List<String> accept = List.of();

    @Option(names = "--by", paramLabel = "WHO", description = "who accepts (default: the user running the command)")
    String by = System.getProperty("user.name");

    @Override
    int run(BridgeDataSource ds, String unit) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        for (String kind : accept) {
            ds.bridge().acceptReadiness(unit, kind, by);
            out.println("accepted blockers of kind " + kind + " for unit " + unit + " (by " + by + ")");
        }
        Readiness readiness = ds.bridge().readiness(unit);
        out.print(json ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(UnitReport.tree(readiness)) + "\n"
                : readiness.describe());
        return readiness.blockers().isEmpty() ? ShardbridgeCli.DONE : ShardbridgeCli.DIFFERENCES;
    }
}
