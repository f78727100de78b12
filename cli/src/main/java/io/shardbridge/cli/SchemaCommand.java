package io.shardbridge.cli;

import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Creates the target's physical tables from the legacy catalog (idempotent), or prints the plan. */
@Command(name = "schema", description = "Create the target's physical tables and indexes from the legacy catalog (idempotent).")
final class SchemaCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;

    @Option(names = "--dry-run", description = "print the DDL per shard instead of running it")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ShardbridgeConfig config = options.load();
        List<String> tables = options.unit != null ? config.migrations().get(options.requireUnit(config)).tables()
                : new ArrayList<>(config.migrations().values().stream().flatMap(u -> u.tables().stream()).toList());
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("no tables to provision: list them under migrations.<unit>.tables, or give --unit");
        }
        var legacy = config.legacy().orElseThrow(() -> new IllegalArgumentException("legacy: is missing in " + options.config
                + "; the schema is read from the legacy catalog"));
        List<TableDefinition> definitions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(legacy.url(), legacy.username(), legacy.password())) {
            String schema = c.getSchema() == null ? "public" : c.getSchema();
            for (String table : tables) {
                definitions.add(PostgresCatalogReader.read(c, schema, table));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ShardPools pools = ShardPools.open(config.target())) {
            SchemaProvisioner provisioner = new SchemaProvisioner(config.target(), pools.byShard());
            if (dryRun) {
                for (Map.Entry<String, List<String>> shard : provisioner.plan(definitions).entrySet()) {
                    out.println("-- shard " + shard.getKey());
                    shard.getValue().forEach(sql -> out.println(sql + ";"));
                }
            } else {
                int statements = provisioner.provision(definitions);
                out.println("provisioned " + definitions.size() + " table(s) " + tables + " on " + pools.byShard().size()
                        + " shard(s): " + statements + " DDL statement(s) run, existing tables left as they are");
            }
        }
        out.flush();
        return ShardbridgeCli.DONE;
    }
}
