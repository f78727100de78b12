package io.shardbridge.bridge.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue #19: a table with one column of each type of the engine's corpus walks schema → backfill (COPY
 * fast path on PostgreSQL) → dual write legacy→target → verify → one-value damage found column by column
 * → repair → LIVE, where writes go target→legacy; at each stop both sides hold the same rows (on
 * PostgreSQL shards: the same {@code row::text}) and verification finds nothing. The walk is shared; each engine's
 * corpus ({@link TypeCorpus}: its types, edge values, smallest changes and how its rows read back) is its own.
 */
abstract class TypeCorpusContract {
    static final String TABLE = TypeCorpus.TABLE;
    private final TypeCorpus corpus;

    TypeCorpusContract(TypeCorpus corpus) {
        this.corpus = corpus;
    }

    Dialect dialect() {
        return corpus.dialect();
    }

    static String unit(Dialect dialect) {
        return "corpus_" + dialect.name().toLowerCase(java.util.Locale.ROOT);
    }

    ShardbridgeConfig config() {
        String base = TestTargets.yamlText(dialect());
        return ShardbridgeConfigLoader.parse(base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    tc_row: { shard-key: id, tables-per-shard: 2, algorithm: mod%s }
                migrations:
                  %s: { tables: [tc_row], phase: LEGACY_ONLY, shadow-read-percent: 100 }
                """.formatted(corpus.ruleExtras(), unit(dialect())), "corpus-test.yaml");
    }

    static String insert(Map<String, String> row) {
        return "INSERT INTO " + TABLE + " (" + String.join(", ", row.keySet()) + ") VALUES (" + String.join(", ", row.values()) + ")";
    }

    /** Schema on fresh shards, twice (idempotent); the definition read from legacy. */
    TableDefinition provision(ShardbridgeConfig config) throws SQLException {
        TableDefinition definition;
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute(corpus.legacyDdl());
            for (Map<String, String> row : corpus.rows()) {
                st.execute(insert(row));
            }
            BridgeFixture.forgetUnits(st, unit(dialect()));
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_backfill') IS NOT NULL THEN DELETE FROM shardbridge_backfill WHERE unit_name = '"
                    + unit(dialect()) + "'; END IF; END $$");
            for (String state : List.of("shardbridge_census", "shardbridge_readiness_accept")) { // statement shapes an earlier run recorded
                st.execute("DO $$ BEGIN IF to_regclass('" + state + "') IS NOT NULL THEN DELETE FROM " + state + " WHERE unit_name = '"
                        + unit(dialect()) + "'; END IF; END $$");
            }
            definition = PostgresCatalogReader.read(legacy, "public", TABLE);
        }
        try (ShardPools pools = ShardPools.open(config.target())) {
            for (DataSource shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    corpus.dropOnShard(st);
                }
            }
            SchemaProvisioner provisioner = new SchemaProvisioner(config.target(), pools.byShard());
            provisioner.provision(List.of(definition));
            provisioner.provision(List.of(definition));
        }
        return definition;
    }

    @Test
    void everyTypeWalksSchemaBackfillDualWriteVerifyRepairAndBack() throws SQLException, InterruptedException {
        ShardbridgeConfig config = config();
        provision(config);
        String unit = unit(dialect());
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (BridgeDataSource ds = BridgeDataSource.builder(config).requireBackfillBeforeReads(false).repair(Duration.ZERO, Duration.ZERO).outsideWriteCatchUp(false)
                .meterRegistry(registry).shadowSampler(() -> 0).open()) {
            walk(ds, unit, MigrationPhase.DUAL_WRITE);
            ds.bridge().backfill(unit).restart(true).run(p -> { });
            assertSidesEqual(config, corpus.rows().size());
            assertClean(ds, unit, corpus.rows().size());
            corpus.afterBackfill(config);

            // dual write legacy → target: an insert of every edge value, an update of every column to another edge
            List<Map<String, String>> rows = corpus.rows();
            Map<String, String> copy = new LinkedHashMap<>(rows.get(1));
            copy.put("id", "100");
            Map<String, String> other = rows.get(2);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute(insert(copy));
                st.executeUpdate("UPDATE " + TABLE + " SET " + other.entrySet().stream().filter(e -> !e.getKey().equals("id"))
                        .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", ")) + " WHERE id = 1");
            }
            ds.bridge().awaitMirrored();
            assertThat(ds.bridge().pendingIntents(unit)).as("every mirror write applied").isZero();
            assertSidesEqual(config, rows.size() + 1);
            assertClean(ds, unit, rows.size() + 1);

            // the smallest change of one value per column, on the target: found, column by column, and repaired
            damageRowTwo(config);
            VerifyReport damaged = ds.bridge().verifier(unit).recheckAfter(Duration.ZERO).run();
            assertThat(damaged.differences()).as(damaged.summary()).hasSize(1);
            assertThat(damaged.differences().get(0).columns()).containsExactlyInAnyOrderElementsOf(corpus.smallestChanges().keySet());
            ds.bridge().repair(unit, damaged);
            assertSidesEqual(config, rows.size() + 1);
            assertClean(ds, unit, rows.size() + 1);

            // SHADOW, then LIVE: every read also runs on the other side and is compared
            walk(ds, unit, MigrationPhase.SHADOW);
            readEveryRow(ds);
            walk(ds, unit, MigrationPhase.LIVE);
            readEveryRow(ds);
            if (corpus.shadowReadsMatch()) {
                assertShadowReadsMatched(registry, 2);
            }
            Map<String, String> live = new LinkedHashMap<>(corpus.liveRow());
            live.put("id", "201");
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute(insert(live));
                st.executeUpdate("UPDATE " + TABLE + " SET " + live.entrySet().stream().filter(e -> !e.getKey().equals("id"))
                        .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", ")) + " WHERE id = 2");
            }
            ds.bridge().awaitMirrored();
            assertThat(ds.bridge().pendingIntents(unit)).as("every mirror write applied").isZero();
            assertSidesEqual(config, rows.size() + 2);
            assertClean(ds, unit, rows.size() + 2);
            // on legacy, what the target wrote reads back as the value row 3 holds: the target's form converted back exactly
            Map<Long, String> legacyText = new TreeMap<>();
            try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
                TypeCorpus.byId(c, "SELECT id, (image #- '{id}')::text FROM (SELECT to_jsonb(whole_row) AS image, whole_row.id FROM tc_row whole_row) images", legacyText);
            }
            assertThat(legacyText.get(201L)).isEqualTo(legacyText.get(3L));
            assertThat(legacyText.get(2L)).isEqualTo(legacyText.get(3L));
            walk(ds, unit, MigrationPhase.LEGACY_ONLY);
        }
    }

    private void readEveryRow(BridgeDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + corpus.routedColumns() + " FROM " + TABLE + " ORDER BY id")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            assertThat(rows).isPositive();
        }
    }

    private static void assertShadowReadsMatched(io.micrometer.core.instrument.MeterRegistry registry, int reads) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (count(registry, "match") + count(registry, "mismatch") + count(registry, "error") < reads && System.currentTimeMillis() < deadline) {
            Thread.sleep(20); // the comparison runs on the shadow executor
        }
        assertThat(count(registry, "mismatch")).as("shadow reads that differ").isZero();
        assertThat(count(registry, "error")).as("shadow reads that failed").isZero();
        assertThat(count(registry, "match")).isEqualTo(reads);
    }

    private static double count(io.micrometer.core.instrument.MeterRegistry registry, String result) {
        return registry.find("shardbridge.shadow.reads").tag("result", result).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private void damageRowTwo(ShardbridgeConfig config) throws SQLException {
        var physical = new io.shardbridge.sharding.ShardLayout(config.target().table(TABLE).orElseThrow(), config.target().shardNames()).locate(2L);
        try (ShardPools pools = ShardPools.open(config.target()); Connection c = pools.byShard().get(physical.shard()).getConnection();
             Statement st = c.createStatement()) {
            String set = corpus.smallestChanges().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining(", "));
            assertThat(st.executeUpdate("UPDATE " + physical.table() + " SET " + set + " WHERE id = 2")).isEqualTo(1);
        }
    }

    private void assertSidesEqual(ShardbridgeConfig config, int rowCount) throws SQLException {
        Map<Long, String> legacy = corpus.legacyRows();
        assertThat(legacy).hasSize(rowCount);
        assertThat(corpus.targetRows(config)).containsExactlyEntriesOf(legacy);
    }

    private static void assertClean(BridgeDataSource ds, String unit, long rows) throws SQLException {
        VerifyReport report = ds.bridge().verifier(unit).recheckAfter(Duration.ZERO).run();
        assertThat(report.differences()).as(report.summary()).isEmpty();
        assertThat(report.rowsCompared()).containsEntry(TABLE, rows);
    }

    static void walk(BridgeDataSource ds, String unit, MigrationPhase phase) throws SQLException {
        while (ds.bridge().phase(unit) != phase) {
            MigrationPhase current = ds.bridge().phase(unit);
            ds.bridge().moveTo(unit, phase.ordinal() > current.ordinal() ? current.next().orElseThrow() : current.previous().orElseThrow());
        }
    }
}
