package io.shardbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar shardbridge-cli.jar <command> --config app.yaml …}. Exit codes are fit for
 * automation: 0 done (or equal), 1 differences found, 2 error — the message names what to fix.
 */
@Command(name = "shardbridge", mixinStandardHelpOptions = true, version = "shardbridge 0.1.0-SNAPSHOT",
        description = "Move tables off a legacy PostgreSQL onto sharded PostgreSQL or MySQL shards.",
        subcommands = {SchemaCommand.class, BackfillCommand.class, VerifyCommand.class, RepairCommand.class, StatusCommand.class,
                PhaseCommand.class, PlanBenchCommand.class, ReadinessCommand.class, ReportCommand.class, InventoryCommand.class})
public final class ShardbridgeCli {
    public static final int DONE = 0;
    public static final int DIFFERENCES = 1;
    public static final int ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, writing to the given streams (tests read them). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new ShardbridgeCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            if (Boolean.getBoolean("shardbridge.verbose")) {
                e.printStackTrace(commandLine.getErr());
            }
            return ERROR;
        });
        cli.setExitCodeExceptionMapper(e -> ERROR);
        return cli.execute(args);
    }
}
