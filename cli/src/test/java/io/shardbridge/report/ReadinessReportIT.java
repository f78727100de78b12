package io.shardbridge.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.cli.CliRun;
import io.shardbridge.cli.ShardbridgeCli;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's view of readiness on a unit moving to MariaDB shards: a service sends portable SQL and one
 * PostgreSQL-only UPDATE ({@code memo || '!'}), the table has a trigger; {@code readiness} names both as
 * blockers (exit 1, text and JSON), {@code report} writes a page that headless Chromium loads without script
 * errors showing the blockers first, and {@code --accept} records the overrides.
 */
class ReadinessReportIT {
    static Path config;

    @BeforeAll
    static void service() throws Exception {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS rdy_row");
            st.execute("CREATE TABLE rdy_row (id bigint PRIMARY KEY, owner bigint NOT NULL, memo varchar(40))");
            st.execute("CREATE OR REPLACE FUNCTION rdy_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.memo := coalesce(NEW.memo, ''); "
                    + "RETURN NEW; END $$");
            st.execute("CREATE TRIGGER rdy_row_touch BEFORE INSERT ON rdy_row FOR EACH ROW EXECUTE FUNCTION rdy_touch()");
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_unit') IS NOT NULL THEN DELETE FROM shardbridge_unit WHERE unit_name = 'rdy'; "
                    + "DELETE FROM shardbridge_instance WHERE unit_name = 'rdy'; END IF; "
                    + "IF to_regclass('shardbridge_census') IS NOT NULL THEN DELETE FROM shardbridge_census WHERE unit_name = 'rdy'; "
                    + "DELETE FROM shardbridge_readiness_accept WHERE unit_name = 'rdy'; END IF; END $$");
        }
        for (String db : new String[] {TestDatabases.MYSQL_SHARD0, TestDatabases.MYSQL_SHARD1}) {
            try (Connection c = TestDatabases.mysqlConnection(db); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS rdy_row_0");
            }
        }
        String base = TestTargets.yamlText(Dialect.MYSQL);
        config = Files.createTempFile("shardbridge-readiness-", ".yaml");
        Files.writeString(config, base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    rdy_row: { shard-key: owner, tables-per-shard: 1, algorithm: mod }
                migrations:
                  rdy: { tables: [rdy_row], phase: DUAL_WRITE }
                """);
        assertThat(CliRun.run("schema", "--config", config.toString(), "--unit", "rdy").exit()).isZero();
        try (BridgeDataSource ds = BridgeDataSource.builder(ShardbridgeConfigLoader.load(config)).meterRegistry(new SimpleMeterRegistry())
                .repair(Duration.ZERO, Duration.ZERO).outsideWriteCatchUp(false).open(); // no replication slot left behind
             Connection c = ds.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO rdy_row (id, owner, memo) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 20; i++) {
                    insert.setLong(1, i);
                    insert.setLong(2, i % 5);
                    insert.setString(3, "m" + i);
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement read = c.prepareStatement("SELECT memo FROM rdy_row WHERE owner = ? AND id = ?")) {
                read.setLong(1, 1);
                read.setLong(2, 1);
                read.executeQuery().close();
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE rdy_row SET memo = memo || '!' WHERE owner = 2 AND id = 7");
            }
        } // closing flushes the census to the control store
    }

    @Test
    void readinessNamesTheBlockersAndTheReportPageShowsThemFirst() throws Exception {
        CliRun text = CliRun.run("readiness", "--config", config.toString(), "--unit", "rdy");
        assertThat(text.exit()).as(text.err()).isEqualTo(ShardbridgeCli.DIFFERENCES);
        assertThat(text.out()).contains("NOT READY").contains("non-portable-sql").contains("CONCAT").contains("trigger rdy_row_touch")
                .contains("update rdy_row set memo = memo || ? where owner = ? and id = ?");
        assertThat(text.out().lines().filter(l -> l.contains("non-portable-sql")).count()).as("only the || shape").isEqualTo(1);

        CliRun json = CliRun.run("readiness", "--config", config.toString(), "--unit", "rdy", "--json");
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertThat(tree.get("ready").asBoolean()).isFalse();
        assertThat(tree.get("blockers").findValuesAsText("kind")).contains("non-portable-sql", "trigger");
        assertThat(tree.get("census").size()).isEqualTo(3);

        Path page = Files.createTempFile("shardbridge-report-", ".html");
        CliRun report = CliRun.run("report", "--config", config.toString(), "--unit", "rdy", "--out", page.toString());
        assertThat(report.exit()).as(report.err()).isZero();
        String html = Files.readString(page);
        assertThat(html.indexOf("Not ready for LIVE")).isLessThan(html.indexOf("Statement census"));

        String dom = browser(page, "--dump-dom");
        assertThat(dom).contains("data-ready=\"1\"").doesNotContain("data-script-error=").contains("non-portable-sql").contains("rdy_row_touch");
        browser(page, "--screenshot=" + new File("target/readiness-report.png").getAbsolutePath(), "--window-size=1200,1500");

        CliRun accept = CliRun.run("readiness", "--config", config.toString(), "--unit", "rdy", "--accept", "non-portable-sql", "--accept", "trigger",
                "--by", "alice");
        assertThat(accept.exit()).as(accept.out()).isEqualTo(ShardbridgeCli.DONE);
        assertThat(accept.out()).contains("READY").contains("ACCEPTED").contains("by alice");
    }

    /** Headless Chromium on the page; what it printed to stdout. */
    static String browser(Path page, String... action) throws Exception {
        String chromium = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream().filter(p -> new File(p).canExecute()).findFirst()
                .orElseThrow(() -> new AssertionError("headless Chromium is needed for the report page test: apt-get install chromium"));
        Path profile = Files.createTempDirectory("shardbridge-chromium-");
        List<String> command = new java.util.ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=3000"));
        command.addAll(List.of(action));
        command.add(page.toUri().toString());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return out;
    }
}
