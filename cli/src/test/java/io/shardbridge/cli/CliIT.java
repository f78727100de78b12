package io.shardbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.Dialect;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command line against real databases: schema from the legacy catalog, a backfill, and the exit codes. */
class CliIT {
    static Path config;
    static Path legacyOnlyConfig;

    @BeforeAll
    static void setUp() throws Exception {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS cli_row");
            st.execute("CREATE TABLE cli_row (id bigint PRIMARY KEY, owner bigint NOT NULL, note varchar(40))");
            st.execute("INSERT INTO cli_row SELECT g, g % 13, 'row ' || g FROM generate_series(1, 2500) g");
            // earlier runs' checkpoints
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_backfill') IS NOT NULL THEN "
                    + "DELETE FROM shardbridge_backfill WHERE unit_name = 'cli'; END IF; END $$");
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_verification') IS NOT NULL THEN "
                    + "DELETE FROM shardbridge_verification WHERE unit_name = 'cli'; END IF; END $$");
            // the phases earlier runs recorded: the control store outlives a test run
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_unit') IS NOT NULL THEN "
                    + "DELETE FROM shardbridge_unit WHERE unit_name IN ('cli', 'cli-early'); END IF; END $$");
        }
        for (String db : new String[] {TestDatabases.PG_SHARD0, TestDatabases.PG_SHARD1}) {
            try (Connection c = TestDatabases.postgresConnection(db); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS cli_row_0");
            }
        }
        String base = TestTargets.yamlText(Dialect.POSTGRESQL);
        String yaml = base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    cli_row: { shard-key: owner, tables-per-shard: 1, algorithm: mod }
                migrations:
                  %s: { tables: [cli_row], phase: %s, catch-up: false }
                """;
        config = Files.createTempFile("shardbridge-cli-", ".yaml");
        Files.writeString(config, yaml.formatted("cli", "DUAL_WRITE"));
        legacyOnlyConfig = Files.createTempFile("shardbridge-cli-", ".yaml");
        Files.writeString(legacyOnlyConfig, yaml.formatted("cli-early", "LEGACY_ONLY"));
    }

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void schemaThenBackfillThenTheExitCodes() throws SQLException {
        CliRun plan = run("schema", "--config", config.toString(), "--unit", "cli", "--dry-run");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("-- shard ds0").contains("CREATE TABLE IF NOT EXISTS").contains("cli_row_0");
        assertThat(shardRows()).as("a dry run creates nothing").isEqualTo(-1);

        CliRun schema = run("schema", "--config", config.toString(), "--unit", "cli");
        assertThat(schema.exit()).as(schema.err()).isZero();
        assertThat(schema.out()).contains("provisioned 1 table(s)");

        CliRun before = run("status", "--config", config.toString());
        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(before.out()).contains("unit cli").contains("phase          DUAL_WRITE").contains("backfill       not started")
                .contains("verification   never run").contains("0 pending repair");

        CliRun early = run("phase", "--config", config.toString(), "--unit", "cli", "--to", "SHADOW");
        assertThat(early.exit()).isEqualTo(ShardbridgeCli.ERROR);
        assertThat(early.err()).contains("cannot move DUAL_WRITE -> SHADOW").contains("shardbridge backfill");

        CliRun backfill = run("backfill", "--config", config.toString(), "--unit", "cli", "--workers", "2", "--ranges", "3");
        assertThat(backfill.exit()).as(backfill.err()).isZero();
        assertThat(backfill.out()).contains("2,500 rows copied");
        assertThat(backfill.err()).contains("cli_row").contains("100%");
        assertThat(shardRows()).isEqualTo(2500);

        CliRun again = run("backfill", "--config", config.toString(), "--unit", "cli");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).as("finished: nothing to copy").contains(" 0 rows copied");

        CliRun equal = run("verify", "--config", config.toString(), "--unit", "cli", "--recheck-ms", "0");
        assertThat(equal.exit()).as(equal.err()).isZero();
        assertThat(equal.out()).contains("2,500 rows compared").contains("both sides equal");
        assertThat(equal.err()).contains("cli_row").contains("100%");
        CliRun status = run("status", "--config", config.toString(), "--unit", "cli");
        assertThat(status.out()).contains("backfill       cli_row into target: done, 2,500 rows copied, 3/3 key ranges done")
                .contains("verification   EQUAL").contains("2,500 rows, no differences");

        try (Connection c = TestDatabases.postgresConnection(TestDatabases.PG_SHARD1); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE cli_row_0 SET note = 'drifted' WHERE id = 1"); // owner 1 lives on ds1
        }
        CliRun differs = run("verify", "--config", config.toString(), "--unit", "cli", "--recheck-ms", "0");
        assertThat(differs.exit()).isEqualTo(ShardbridgeCli.DIFFERENCES);
        assertThat(differs.out()).contains("1 difference(s)").contains("DIFFERENT cli_row {id=1} columns [note]");
        CliRun dryRun = run("repair", "--config", config.toString(), "--unit", "cli", "--dry-run", "--recheck-ms", "0");
        assertThat(dryRun.exit()).isEqualTo(ShardbridgeCli.DIFFERENCES);
        assertThat(dryRun.out()).contains("dry run");
        CliRun repair = run("repair", "--config", config.toString(), "--unit", "cli", "--recheck-ms", "0");
        assertThat(repair.exit()).as(repair.err() + repair.out()).isZero();
        assertThat(repair.out()).contains("rewrote 1 row(s) from the legacy side").contains("both sides equal");
        assertThat(run("status", "--config", config.toString(), "--unit", "cli").out()).contains("verification   EQUAL");

        CliRun shadow = run("phase", "--config", config.toString(), "--unit", "cli", "--to", "SHADOW");
        assertThat(shadow.exit()).as(shadow.err()).isZero();
        assertThat(shadow.out()).contains("DUAL_WRITE -> SHADOW on every live instance");
        assertThat(shadow.err()).contains("converging");
        CliRun live = run("phase", "--config", config.toString(), "--unit", "cli", "--to", "LIVE");
        assertThat(live.exit()).as(live.err()).isZero();
        assertThat(live.err()).contains("fencing");
        assertThat(run("status", "--config", config.toString(), "--unit", "cli").out()).contains("phase          LIVE (epoch 3)");
        CliRun jump = run("phase", "--config", config.toString(), "--unit", "cli", "--to", "DUAL_WRITE");
        assertThat(jump.exit()).isEqualTo(ShardbridgeCli.ERROR);
        assertThat(jump.err()).contains("one step");
        CliRun back = run("phase", "--config", config.toString(), "--unit", "cli", "--to", "SHADOW");
        assertThat(back.exit()).as(back.err()).isZero();
        CliRun dual = run("phase", "--config", config.toString(), "--unit", "cli", "--to", "DUAL_WRITE");
        assertThat(dual.exit()).as(dual.err()).isZero();

        CliRun unknown = run("backfill", "--config", config.toString(), "--unit", "nope");
        assertThat(unknown.exit()).isEqualTo(ShardbridgeCli.ERROR);
        assertThat(unknown.err()).contains("no migration unit 'nope'").contains("[cli]");

        CliRun tooEarly = run("backfill", "--config", legacyOnlyConfig.toString(), "--unit", "cli-early");
        assertThat(tooEarly.exit()).isEqualTo(ShardbridgeCli.ERROR);
        assertThat(tooEarly.err()).contains("LEGACY_ONLY").contains("DUAL_WRITE");

        CliRun typo = run("backfill", "--config", config.toString());
        assertThat(typo.exit()).isEqualTo(ShardbridgeCli.ERROR);
        assertThat(typo.err()).contains("--unit is required");
    }

    /** Rows in both shards' physical tables, or -1 when the tables do not exist. */
    private static long shardRows() throws SQLException {
        long total = 0;
        for (String db : new String[] {TestDatabases.PG_SHARD0, TestDatabases.PG_SHARD1}) {
            try (Connection c = TestDatabases.postgresConnection(db); Statement st = c.createStatement();
                 ResultSet exists = st.executeQuery("SELECT to_regclass('cli_row_0') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return -1;
                }
            }
            try (Connection c = TestDatabases.postgresConnection(db); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM cli_row_0")) {
                rs.next();
                total += rs.getLong(1);
            }
        }
        return total;
    }
}
