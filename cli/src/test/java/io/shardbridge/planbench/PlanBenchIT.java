package io.shardbridge.planbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardbridge.cli.CliRun;
import io.shardbridge.cli.ShardbridgeCli;
import io.shardbridge.config.Dialect;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan-bench on a deliberately skewed table whose right answer is known: {@code status} has three values
 * (90 % SETTLED), so a plan keyed on it must come out worst — uneven tables and no single-shard reads by id
 * — while plans keyed on the unique id or the 2,000 accounts spread evenly.
 */
class PlanBenchIT {
    static Path config;
    static Path plans;

    @BeforeAll
    static void skewedTable(@TempDir Path dir) throws Exception {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS pb_txn");
            st.execute("CREATE TABLE pb_txn (id bigint PRIMARY KEY, account_id bigint NOT NULL, status varchar(12) NOT NULL, "
                    + "amount numeric(12,2) NOT NULL, note text)");
            st.execute("INSERT INTO pb_txn SELECT g, (g * 7919) % 2000, CASE WHEN g % 50 = 0 THEN 'FAILED' WHEN g % 10 = 1 THEN 'PENDING' "
                    + "ELSE 'SETTLED' END, (g % 1000) / 10.0, repeat('x', g % 40) FROM generate_series(1, 20000) g");
        }
        String base = TestTargets.yamlText(Dialect.POSTGRESQL);
        config = dir.resolve("app.yaml");
        Files.writeString(config, base.substring(0, base.indexOf("  tables:\n")) + "  tables:\n    pb_txn: { shard-key: id, algorithm: mod }\n");
        plans = dir.resolve("plans.yaml");
        Files.writeString(plans, """
                table: pb_txn
                plans:
                  by-id:      { shards: 2, shard-key: id, tables-per-shard: 2, algorithm: hash-mod }
                  by-account: { shards: 4, shard-key: account_id, tables-per-shard: 2, algorithm: mod }
                  by-status:  { shards: 2, shard-key: status, tables-per-shard: 2, algorithm: hash-mod }
                """);
    }

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void theLowCardinalityPlanComesOutWorstOnTheGeneratedMix(@TempDir Path dir) throws Exception {
        Path prefix = dir.resolve("report");
        CliRun r = run("plan-bench", "--config", config.toString(), "--plans", plans.toString(), "--out", prefix.toString(),
                "--seconds", "2", "--warmup-seconds", "1", "--threads", "2", "--sample-rows", "4000");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();

        JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(prefix + ".json")));
        assertThat(report.get("rows").asLong()).isEqualTo(20_000);
        Map<String, JsonNode> byName = new HashMap<>();
        report.get("plans").forEach(p -> byName.put(p.get("name").asText(), p));
        JsonNode id = byName.get("by-id");
        JsonNode account = byName.get("by-account");
        JsonNode status = byName.get("by-status");

        assertThat(status.get("rows").get("perTable")).hasSize(4);
        assertThat(account.get("rows").get("perTable")).hasSize(8);
        long statusRows = 0;
        for (JsonNode n : status.get("rows").get("perTable")) {
            statusRows += n.asLong();
        }
        assertThat(statusRows).isEqualTo(20_000);
        for (JsonNode even : new JsonNode[] {id, account}) {
            assertThat(even.get("rows").get("maxOverMean").asDouble()).isLessThan(1.1);
            assertThat(even.get("rows").get("gini").asDouble()).isLessThan(0.05);
            assertThat(status.get("rows").get("gini").asDouble()).isGreaterThan(even.get("rows").get("gini").asDouble() + 0.4);
            assertThat(status.get("rows").get("maxOverMean").asDouble()).isGreaterThan(3.0);
            assertThat(status.get("score").asDouble()).isLessThan(even.get("score").asDouble());
            assertThat(even.get("replay").get("statements").asLong()).isPositive();
            assertThat(even.get("replay").get("errors").asLong()).as(even.get("replay").get("firstErrors").toString()).isZero();
        }
        // reads and updates by id stay on one shard only under by-id; the status plan keeps only inserts and its own key's reads (20 %)
        assertThat(id.get("singleShardShare").asDouble()).isGreaterThan(0.75);
        assertThat(status.get("singleShardShare").asDouble()).isLessThan(0.25);
        assertThat(r.out()).containsSubsequence("by-id", "by-status").contains("report: ");

        String html = Files.readString(Path.of(prefix + ".html"));
        assertThat(html).contains("<svg").contains("by-id").contains("by-account").contains("by-status").doesNotContain("<script")
                .contains("class=\"worst\"><td class=\"l\">by-status");
        assertThat(scratchDatabases()).as("scratch databases are dropped").isZero();
    }

    @Test
    void aPgStatStatementsExportIsWeightedByCalls(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pgss.csv");
        Files.writeString(csv, """
                query,calls,mean_exec_time
                "SELECT id, amount FROM pb_txn WHERE account_id = $1 ORDER BY id LIMIT $2",900,0.1
                "SELECT * FROM pb_txn WHERE id = $1",100,0.05
                "UPDATE pb_txn SET note = $1 WHERE id = $2",0,0.1
                "SELECT count(*) FROM other_table WHERE ""x"" = $1",5000,1.0
                """);
        Path prefix = dir.resolve("pgss");
        CliRun r = run("plan-bench", "--config", config.toString(), "--plans", plans.toString(), "--out", prefix.toString(),
                "--pg-stat-statements", csv.toString(), "--seconds", "1", "--warmup-seconds", "0", "--threads", "2", "--sample-rows", "2000");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(prefix + ".json")));
        assertThat(report.get("workload").get("leftOutWeight").asDouble()).isEqualTo(5000.0);
        assertThat(report.get("workload").get("statements")).hasSize(3);
        Map<String, Double> share = new HashMap<>();
        report.get("plans").forEach(p -> share.put(p.get("name").asText(), p.get("singleShardShare").asDouble()));
        assertThat(share.get("by-account")).isEqualTo(0.9);
        assertThat(share.get("by-id")).isEqualTo(0.1);
        assertThat(share.get("by-status")).isZero();
        report.get("plans").forEach(p -> assertThat(p.get("replay").get("errors").asLong()).as(p.get("replay").toString()).isZero());
    }

    @Test
    void theReplayRunsOnMariaDbShards(@TempDir Path dir) throws Exception {
        String base = TestTargets.yamlText(Dialect.MYSQL);
        Path mysqlConfig = dir.resolve("app-mysql.yaml");
        Files.writeString(mysqlConfig, base.substring(0, base.indexOf("  tables:\n")) + "  tables:\n    pb_txn: { shard-key: id, algorithm: mod }\n");
        Path prefix = dir.resolve("mariadb");
        CliRun r = run("plan-bench", "--config", mysqlConfig.toString(), "--plans", plans.toString(), "--out", prefix.toString(),
                "--seconds", "1", "--warmup-seconds", "0", "--threads", "2", "--sample-rows", "2000");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(prefix + ".json")));
        report.get("plans").forEach(p -> {
            assertThat(p.get("replay").get("errors").asLong()).as(p.get("replay").toString()).isZero();
            assertThat(p.get("replay").get("statements").asLong()).isPositive();
        });
    }

    @Test
    void rowsAPlanCannotPlaceAreCountedAndScoreNothing(@TempDir Path dir) throws Exception {
        Path unplaceable = dir.resolve("mod-on-text.yaml");
        Files.writeString(unplaceable, "table: pb_txn\nplans:\n  status-mod: { shards: 2, shard-key: status, algorithm: mod }\n");
        Path prefix = dir.resolve("unplaceable");
        CliRun r = run("plan-bench", "--config", config.toString(), "--plans", unplaceable.toString(), "--out", prefix.toString(),
                "--seconds", "1", "--warmup-seconds", "0", "--threads", "1", "--sample-rows", "500");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("20000 of 20000 rows have no place under this plan").contains("is not a number");
        JsonNode plan = new ObjectMapper().readTree(Files.readString(Path.of(prefix + ".json"))).get("plans").get(0);
        assertThat(plan.get("unplaceableRows").asLong()).isEqualTo(20_000);
        assertThat(plan.get("score").asDouble()).isZero();
    }

    @Test
    void aBadPlansFileNamesTheKeyAndTheFix(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "table: pb_txn\nplans:\n  p1: { shards: 2, shard-key: id, algoritm: mod }\n");
        CliRun r = run("plan-bench", "--config", config.toString(), "--plans", bad.toString(), "--out", dir.resolve("x").toString());
        assertThat(r.exit()).isEqualTo(ShardbridgeCli.ERROR);
        assertThat(r.err()).contains("plans.p1").contains("algorithm");

        Files.writeString(bad, "table: pb_txn\nplans:\n  p2: { shards: 2, shard-key: nope, algorithm: mod }\n");
        CliRun column = run("plan-bench", "--config", config.toString(), "--plans", bad.toString(), "--out", dir.resolve("y").toString());
        assertThat(column.exit()).isEqualTo(ShardbridgeCli.ERROR);
        assertThat(column.err()).contains("plans.p2.shard-key").contains("no column 'nope'").contains("account_id");

        Files.writeString(bad, "table: no_such_table\nplans:\n  p3: { shards: 2, shard-key: id, algorithm: mod }\n");
        CliRun table = run("plan-bench", "--config", config.toString(), "--plans", bad.toString(), "--out", dir.resolve("z").toString());
        assertThat(table.exit()).isEqualTo(ShardbridgeCli.ERROR);
        assertThat(table.err()).contains("table: no_such_table in the plans file is not a table of legacy");
    }

    private static long scratchDatabases() throws Exception {
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'shardbridge\\_pb\\_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
