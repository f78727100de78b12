package io.shardbridge.planbench;

import java.io.IOException;
import java.nio.file.Path;

/** The entry points the CLI uses: reading a workload file, writing the two reports. */
public final class Workloads {
    private Workloads() {
    }

    public static Workload pgStatStatements(Path csv, String table) {
        return Workload.fromPgStatStatements(csv, table);
    }

    public static Workload statementLog(Path log, String table) {
        return Workload.fromStatementLog(log, table);
    }

    public static void writeReports(PlanBench.Report report, Path html, Path json) throws IOException {
        ReportHtml.write(report, html);
        ReportJson.write(report, json);
    }
}
