package io.shardbridge.planbench;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.CandidatePlans;
import io.shardbridge.config.DatabaseEndpoint;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.target.ShardedTarget;
import io.shardbridge.sharding.fastpath.SingleShardPlanner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Compares candidate shard plans for one legacy table (issue #7): how evenly each spreads the table's
 * real rows and bytes, how much of a workload it keeps on one shard, and what that workload does when
 * replayed on it — each plan provisioned in scratch databases on the target's servers, loaded with a
 * sample of the real rows, and driven through shardbridge's own routing (fast path included).
 */
public final class PlanBench {
    /** Run settings. */
    public record Options(int sampleRows, int threads, Duration warmup, Duration measure, boolean keepScratch) {
        public static final Options DEFAULT = new Options(20_000, 4, Duration.ofSeconds(2), Duration.ofSeconds(10), false);
    }

    /** The whole comparison, as the report shows it. */
    public record Report(String table, long rows, Workload workload, List<String> unknownParameters, Options options, List<PlanResult> plans,
                         String machine) {
    }

    private final ShardbridgeConfig config;
    private final Options options;
    private final Consumer<String> progress;

    public PlanBench(ShardbridgeConfig config, Options options, Consumer<String> progress) {
        this.config = config;
        this.options = options;
        this.progress = progress;
    }

    /** @param workload the statements to judge and replay, or null for the generated mix */
    public Report run(CandidatePlans candidates, Workload workload) throws SQLException, InterruptedException {
        DatabaseEndpoint legacyEndpoint = config.legacy().orElseThrow(() -> new ShardbridgeException(
                "plan-bench reads the table's rows from legacy:, which the configuration lacks; add legacy: { url: …, username: … }"));
        String table = candidates.table();
        try (Connection legacy = DriverManager.getConnection(legacyEndpoint.url(), legacyEndpoint.username(), legacyEndpoint.password())) {
            TableDefinition definition = definition(legacy, table);
            for (CandidatePlans.Plan plan : candidates.plans()) {
                if (definition.column(plan.rule().shardKey()).isEmpty()) {
                    throw new ShardbridgeException("plans." + plan.name() + ".shard-key: table " + table + " has no column '" + plan.rule().shardKey()
                            + "'; its columns are " + definition.columns().stream().map(c -> c.name()).toList());
                }
            }
            progress.accept("scanning " + table + " for " + candidates.plans().size() + " plans");
            List<TableScan.Placement> placements = TableScan.place(legacy, table, candidates.plans(),
                    n -> progress.accept("  " + n + " rows placed"));
            long rows = placements.get(0).rows().total() + placements.get(0).unplaceable();
            Workload replayed = workload != null ? workload
                    : Workload.generated(definition, candidates.plans().stream().map(p -> p.rule().shardKey()).toList());
            RowSample sample = RowSample.read(legacy, definition, options.sampleRows());
            progress.accept("sampled " + sample.size() + " rows for the replay");
            Replay replay = new Replay(replayed, sample, config.target().dialect() != Dialect.POSTGRESQL);
            List<PlanResult> results = new ArrayList<>();
            try (ScratchShards scratch = new ScratchShards(new ArrayList<>(config.target().shards().values()), config.target().dialect(),
                    options.keepScratch())) {
                for (int i = 0; i < candidates.plans().size(); i++) {
                    CandidatePlans.Plan plan = candidates.plans().get(i);
                    results.add(measure(plan, placements.get(i), definition, replayed, sample, replay, scratch));
                }
            }
            return new Report(table, rows, replayed, replay.withUnknownParameters(), options, results, machine());
        }
    }

    /** The table from legacy's catalog; a table that is not there is named as the plans file's {@code table:}. */
    private static TableDefinition definition(Connection legacy, String table) throws SQLException {
        try {
            return PostgresCatalogReader.read(legacy, legacy.getSchema(), table);
        } catch (ShardbridgeException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                throw new ShardbridgeException("table: " + table + " in the plans file is not a table of legacy's schema " + legacy.getSchema()
                        + "; name a table plan-bench can read its rows from", e);
            }
            throw e;
        }
    }

    private PlanResult measure(CandidatePlans.Plan plan, TableScan.Placement placement, TableDefinition definition, Workload workload,
                               RowSample sample, Replay replay, ScratchShards scratch) throws SQLException, InterruptedException {
        progress.accept("plan " + plan.name() + ": " + plan.shards() + " shards × " + plan.rule().tablesPerShard() + " tables, "
                + plan.rule().algorithm().configName() + " on " + plan.rule().shardKey());
        TargetConfig target = targetFor(plan, scratch.fresh(plan.shards()));
        SingleShardPlanner planner = new SingleShardPlanner(target, 1024);
        List<PlanResult.StatementRoute> routes = new ArrayList<>();
        double single = 0;
        for (Workload.Statement s : workload.statements()) {
            boolean one = planner.plan(s.sql()).isPresent();
            routes.add(new PlanResult.StatementRoute(s.sql(), s.weight(), one));
            single += one ? s.weight() : 0;
        }
        double singleShare = single / workload.totalWeight();
        SchemaProvisioner.provision(target, List.of(definition));
        PlanResult.Throughput throughput;
        try (ShardedTarget routing = ShardedTarget.open(target)) {
            long loaded = load(routing, new ShardLayout(plan.rule(), target.shardNames()), sample);
            progress.accept("  loaded " + loaded + " sampled rows; replaying " + options.threads() + " clients for " + options.measure().toSeconds() + " s");
            Replay.Measured m = replay.run(routing.dataSource(), options.threads(), options.warmup(), options.measure());
            throughput = new PlanResult.Throughput(m.statements(), m.seconds(), m.throughput(), m.percentile(50), m.percentile(95), m.percentile(99),
                    m.errors(), m.firstErrors());
            progress.accept(String.format("  %.0f statements/s, p99 %.0f µs, %d errors", m.throughput(), m.percentile(99), m.errors()));
        }
        long all = placement.rows().total() + placement.unplaceable();
        double placed = all == 0 ? 1.0 : (double) placement.rows().total() / all;
        double score = singleShare / Math.max(1.0, placement.rows().maxOverMean()) * placed;
        if (placement.unplaceable() > 0) {
            progress.accept("  " + placement.unplaceable() + " of " + all + " rows have no place under this plan, e.g. " + placement.whyUnplaceable());
        }
        return new PlanResult(plan, placement.rows(), placement.bytes(), placement.unplaceable(), placement.whyUnplaceable(), routes, singleShare, throughput,
                plan.shards() > scratch.servers(), score);
    }

    private TargetConfig targetFor(CandidatePlans.Plan plan, Map<String, DatabaseEndpoint> shards) {
        return new TargetConfig(config.target().dialect(), config.target().sqlDialect(), shards, Map.of(plan.rule().name(), plan.rule()),
                List.of(), List.of(), config.target().connectTimeoutSeconds(), true, config.target().subqueryGuard());
    }

    /** Copies the sample into the plan's physical tables, each row where the plan's slot function puts it. */
    private static long load(ShardedTarget target, ShardLayout layout, RowSample sample) throws SQLException {
        int keyColumn = sample.columns().indexOf(layout.rule().shardKey());
        Map<PhysicalTable, List<Object[]>> byTable = new LinkedHashMap<>();
        for (Object[] row : sample.rows()) {
            Object key = row[keyColumn];
            try {
                if (key != null) {
                    byTable.computeIfAbsent(layout.locate(key), t -> new ArrayList<>()).add(row);
                }
            } catch (RuntimeException unplaceable) {
                // counted by the scan; such a row has no place under this plan
            }
        }
        boolean text = target.config().dialect() != Dialect.POSTGRESQL;
        String columns = String.join(", ", sample.columns().stream().map(c -> target.config().dialect().quote(c)).toList());
        String markers = String.join(", ", sample.columns().stream().map(c -> "?").toList());
        long loaded = 0;
        for (Map.Entry<PhysicalTable, List<Object[]>> e : byTable.entrySet()) {
            try (Connection c = target.shardDataSources().get(e.getKey().shard()).getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + e.getKey().table() + " (" + columns + ") VALUES (" + markers + ")")) {
                int batched = 0;
                for (Object[] row : e.getValue()) {
                    for (int i = 0; i < row.length; i++) {
                        ps.setObject(i + 1, Replay.asBound(row[i], text));
                    }
                    ps.addBatch();
                    if (++batched % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
                loaded += e.getValue().size();
            }
        }
        return loaded;
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch");
    }
}
