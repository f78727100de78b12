package io.shardbridge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardbridge.cli.CliRun;
import io.shardbridge.cli.ShardbridgeCli;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import io.shardbridge.config.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A legacy database with three applications (distinct application_name connections) and one that sets
 * none (its role names it), each running known statements while the inventory samples: billing writes
 * invoice and invoice_line in one transaction and reads customer; payments writes payment and
 * ledger_entry in one statement (a writable CTE) and reads invoice; crm writes customer and reads
 * product and calls archive_customer(), a function writing customer_archive and customer; the reporting role
 * reads the view product_summary over product. invoice references customer, invoice_line references
 * invoice, and a trigger on invoice writes audit_log. pg_stat_statements is not loaded on the test
 * server, so this is the sampling-only path; {@link InventoryAnalysisTest} covers pg_stat_statements. A
 * service already behind shardbridge wrote settlement and settlement_fee in one statement, which only the
 * statement census in the control store knows.
 */
class InventoryIT {
    static final String DATABASE = "sb_inventory";
    static String url;
    static String reader;
    static Path config;
    static final AtomicBoolean running = new AtomicBoolean(true);
    static final List<Thread> applications = new ArrayList<>();
    static final List<Throwable> failures = new ArrayList<>();

    @BeforeAll
    static void legacyWithThreeApplications(@TempDir Path dir) throws Exception {
        url = TestDatabases.postgresUrl(DATABASE);
        reader = ("sb_inv_reader_" + TestDatabases.physical(DATABASE)).toLowerCase();
        try (Connection c = TestDatabases.postgresConnection(DATABASE); Statement st = c.createStatement()) {
            st.execute("DROP EXTENSION IF EXISTS pg_stat_statements");
            st.execute("DROP TABLE IF EXISTS audit_log, invoice_line, invoice, customer, customer_archive, payment, ledger_entry, product, settlement, "
                    + "settlement_fee CASCADE");
            st.execute("CREATE TABLE customer (id bigint PRIMARY KEY, name text)");
            st.execute("CREATE TABLE invoice (id bigserial PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customer, total numeric(12,2))");
            st.execute("CREATE TABLE invoice_line (id bigserial PRIMARY KEY, invoice_id bigint NOT NULL REFERENCES invoice, amount numeric(12,2))");
            st.execute("CREATE TABLE audit_log (id bigserial PRIMARY KEY, what text, at timestamptz DEFAULT now())");
            st.execute("CREATE TABLE payment (id bigserial PRIMARY KEY, amount numeric(12,2))");
            st.execute("CREATE TABLE ledger_entry (id bigserial PRIMARY KEY, payment_id bigint, amount numeric(12,2))");
            st.execute("CREATE TABLE product (id bigint PRIMARY KEY, name text)");
            st.execute("CREATE TABLE settlement (id bigserial PRIMARY KEY, amount numeric(12,2))");
            st.execute("CREATE TABLE settlement_fee (id bigserial PRIMARY KEY, settlement_id bigint, fee numeric(12,2))");
            st.execute("CREATE VIEW product_summary AS SELECT count(*) AS products FROM product");
            st.execute("CREATE TABLE customer_archive (id bigint, name text, archived_at timestamptz DEFAULT now())");
            st.execute("""
                    CREATE OR REPLACE FUNCTION archive_customer(p_id bigint) RETURNS void LANGUAGE plpgsql AS $$
                    BEGIN
                      INSERT INTO customer_archive (id, name) SELECT id, name FROM customer WHERE id = p_id;
                      UPDATE customer SET name = name || '' WHERE id = p_id;
                    END $$""");
            st.execute("""
                    CREATE OR REPLACE FUNCTION log_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF TG_OP = 'INSERT' THEN
                        INSERT INTO audit_log (what) VALUES ('invoice ' || NEW.id); -- one row per invoice
                      END IF;
                      RETURN NEW;
                    END $$""");
            st.execute("CREATE TRIGGER invoice_audit AFTER INSERT ON invoice FOR EACH ROW EXECUTE FUNCTION log_invoice()");
            st.execute("INSERT INTO customer SELECT g, 'c' || g FROM generate_series(1, 10) g");
            st.execute("INSERT INTO product SELECT g, 'p' || g FROM generate_series(1, 10) g");
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + reader + "') THEN CREATE ROLE " + reader
                    + " LOGIN; END IF; END $$");
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + reader);
        }
        start("billing", "postgres", c -> {
            c.setAutoCommit(false);
            try (PreparedStatement invoice = c.prepareStatement("INSERT INTO invoice (customer_id, total) VALUES (?, ?)");
                 PreparedStatement line = c.prepareStatement("INSERT INTO invoice_line (invoice_id, amount) VALUES (currval('invoice_id_seq'), ?)");
                 PreparedStatement customer = c.prepareStatement("SELECT name FROM customer WHERE id = ?")) {
                customer.setLong(1, 3);
                customer.executeQuery().close();
                idle();
                invoice.setLong(1, 3);
                invoice.setBigDecimal(2, java.math.BigDecimal.TEN);
                invoice.executeUpdate();
                idle();
                line.setBigDecimal(1, java.math.BigDecimal.ONE);
                line.executeUpdate();
                idle();
                c.commit();
            }
        });
        start("payments", "postgres", c -> {
            try (PreparedStatement pay = c.prepareStatement("WITH p AS (INSERT INTO payment (amount) VALUES (?) RETURNING id, amount) "
                    + "INSERT INTO ledger_entry (payment_id, amount) SELECT id, amount FROM p");
                 PreparedStatement total = c.prepareStatement("SELECT total FROM invoice WHERE id = ?")) {
                pay.setBigDecimal(1, java.math.BigDecimal.TEN);
                pay.executeUpdate();
                idle();
                total.setLong(1, 1);
                total.executeQuery().close();
                idle();
            }
        });
        start("crm", "postgres", c -> {
            try (PreparedStatement rename = c.prepareStatement("UPDATE customer SET name = ? WHERE id = ?");
                 PreparedStatement product = c.prepareStatement("SELECT * FROM product WHERE id = ?");
                 PreparedStatement archive = c.prepareStatement("SELECT archive_customer(?)")) {
                archive.setLong(1, 7);
                archive.executeQuery().close();
                idle();
                rename.setString(1, "renamed");
                rename.setLong(2, 5);
                rename.executeUpdate();
                idle();
                product.setLong(1, 2);
                product.executeQuery().close();
                idle();
            }
        });
        start("", reader, c -> {
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT products FROM product_summary").close();
                idle();
            }
        });
        String base = TestTargets.yamlText(Dialect.POSTGRESQL).replace(TestDatabases.postgresUrl(TestDatabases.LEGACY), url);
        config = dir.resolve("app.yaml");
        Files.writeString(config, base.substring(0, base.indexOf("  tables:\n")) + """
                  tables:
                    orders: { shard-key: user_id, algorithm: mod }
                  broadcast-tables: [invoice, invoice_line, payment]
                migrations:
                  billing:
                    tables: [invoice, invoice_line]
                    phase: LEGACY_ONLY
                  payments:
                    tables: [payment]
                    phase: LEGACY_ONLY
                """);
        censusOfAServiceAlreadyBehindShardbridge();
        Thread.sleep(300);
    }

    /**
     * A service already running through shardbridge (unit billing) sent a statement writing settlement and
     * settlement_fee; the readiness census recorded it in the control store (legacy here), as it does.
     */
    private static void censusOfAServiceAlreadyBehindShardbridge() throws Exception {
        org.postgresql.ds.PGSimpleDataSource control = new org.postgresql.ds.PGSimpleDataSource();
        control.setURL(url);
        control.setUser(TestDatabases.postgres().user());
        control.setPassword(TestDatabases.postgres().password());
        io.shardbridge.bridge.readiness.ReadinessReports reports = new io.shardbridge.bridge.readiness.ReadinessReports(control, control,
                ShardbridgeConfigLoader.load(config).target(), java.time.Clock.systemUTC(), Duration.ofHours(1));
        reports.forget("billing");
        String sql = "WITH s AS (INSERT INTO settlement (amount) VALUES (?) RETURNING id, amount) "
                + "INSERT INTO settlement_fee (settlement_id, fee) SELECT id, amount / 100 FROM s";
        io.shardbridge.bridge.sql.StatementShape shape = new io.shardbridge.bridge.sql.StatementClassifier(Dialect.POSTGRESQL).classify(sql);
        for (int i = 0; i < 3; i++) {
            reports.census().record("billing", sql, shape, Set::of);
        }
        reports.census().flush();
    }

    interface Work {
        void run(Connection c) throws Exception;
    }

    /** One application: its own connection, named (or not), running its statements until the class ends. */
    private static void start(String applicationName, String role, Work work) {
        Thread t = new Thread(() -> {
            Properties p = new Properties();
            p.setProperty("user", role);
            p.setProperty("password", "");
            p.setProperty("ApplicationName", applicationName);
            try (Connection c = DriverManager.getConnection(url, p)) {
                while (running.get()) {
                    work.run(c);
                }
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        }, "app-" + applicationName);
        t.setDaemon(true);
        t.start();
        applications.add(t);
    }

    /** The application pauses between statements, as services do; the statement stays visible in pg_stat_activity meanwhile. */
    private static void idle() throws InterruptedException {
        Thread.sleep(120);
    }

    @AfterAll
    static void stop() throws Exception {
        running.set(false);
        for (Thread t : applications) {
            t.join(5000);
        }
    }

    @Test
    void matrixWritersAndGroupsFromSamplingAlone(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("inventory.html");
        Path json = dir.resolve("inventory.json");
        CliRun run = CliRun.run("inventory", "--config", config.toString(), "--sample-seconds", "3", "--sample-interval-ms", "40",
                "--out", html.toString(), "--json", json.toString());
        assertThat(failures).isEmpty();
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ShardbridgeCli.DIFFERENCES);
        JsonNode r = new ObjectMapper().readTree(json.toFile());

        assertThat(r.at("/sources/pgStatStatements").asBoolean()).isFalse();
        assertThat(r.at("/sources/readAllStats").asBoolean()).isTrue();
        assertThat(r.at("/sources/notes").toString()).contains("pg_stat_statements is not installed");
        Map<String, String> named = new HashMap<>();
        r.get("applications").forEach(a -> named.put(a.get("name").asText(), a.get("identifiedBy").asText()));
        assertThat(named).containsEntry("billing", "APPLICATION_NAME").containsEntry("payments", "APPLICATION_NAME")
                .containsEntry("crm", "APPLICATION_NAME").containsEntry(reader, "ROLE").hasSize(4);

        Map<String, JsonNode> cells = new HashMap<>();
        r.get("matrix").forEach(c -> cells.put(c.get("table").asText() + "/" + c.get("application").asText(), c));
        assertThat(cells.keySet()).containsExactlyInAnyOrder("customer/billing", "invoice/billing", "invoice_line/billing",
                "payment/payments", "ledger_entry/payments", "invoice/payments", "customer/crm", "customer_archive/crm", "product/crm",
                "product/" + reader);
        assertWrites(cells.get("customer_archive/crm"));
        assertWrites(cells.get("invoice/billing"));
        assertWrites(cells.get("invoice_line/billing"));
        assertWrites(cells.get("payment/payments"));
        assertWrites(cells.get("ledger_entry/payments"));
        assertWrites(cells.get("customer/crm"));
        assertReadsOnly(cells.get("customer/billing"));
        assertReadsOnly(cells.get("invoice/payments"));
        assertReadsOnly(cells.get("product/crm"));
        assertReadsOnly(cells.get("product/" + reader));
        assertThat(cells.get("invoice/billing").get("lastSeen").isNull()).isFalse();

        Map<String, JsonNode> tables = new HashMap<>();
        r.get("tables").forEach(t -> tables.put(t.get("table").asText(), t));
        assertThat(names(tables.get("invoice").get("writers"))).containsExactly("billing");
        assertThat(names(tables.get("invoice").get("readers"))).containsExactly("payments");
        assertThat(names(tables.get("customer").get("writers"))).containsExactly("crm");
        assertThat(names(tables.get("ledger_entry").get("writers"))).containsExactly("payments");
        assertThat(names(tables.get("product").get("writers"))).isEmpty();
        assertThat(names(tables.get("product").get("readers"))).containsExactlyInAnyOrder("crm", reader);
        assertThat(names(tables.get("audit_log").get("writers"))).isEmpty();

        List<Set<String>> groups = new ArrayList<>();
        Map<String, Set<String>> reasons = new HashMap<>();
        r.get("groups").forEach(g -> {
            Set<String> members = names(g.get("tables"));
            groups.add(members);
            g.get("reasons").forEach(l -> reasons.computeIfAbsent(String.join(",", new java.util.TreeSet<>(names(l.get("tables")))),
                    k -> new HashSet<>()).add(l.get("kind").asText()));
        });
        assertThat(groups).containsExactlyInAnyOrder(Set.of("audit_log", "customer", "customer_archive", "invoice", "invoice_line"),
                Set.of("ledger_entry", "payment"), Set.of("settlement", "settlement_fee"));
        assertThat(reasons.get("settlement,settlement_fee")).containsExactly("STATEMENT");
        assertThat(r.get("links").toString()).contains("census of unit billing (3 executions)");
        assertThat(r.at("/sources/notes").toString()).contains("from the statement census in the control store");
        assertThat(reasons.get("customer,customer_archive")).contains("FUNCTION", "STATEMENT");
        assertThat(reasons.get("customer,invoice")).contains("FOREIGN_KEY");
        assertThat(reasons.get("invoice,invoice_line")).contains("FOREIGN_KEY", "TRANSACTION");
        assertThat(reasons.get("audit_log,invoice")).contains("TRIGGER");
        assertThat(reasons.get("ledger_entry,payment")).contains("STATEMENT");

        Map<String, String> flags = new HashMap<>();
        r.get("units").forEach(u -> flags.put(u.get("name").asText(), u.get("flags").toString()));
        assertThat(flags.get("billing")).contains("leaves customer behind", "leaves audit_log behind").doesNotContain("invoice_line behind");
        assertThat(flags.get("payments")).contains("leaves ledger_entry behind");
        JsonNode billingWriters = null;
        for (JsonNode u : r.get("units")) {
            if (u.get("name").asText().equals("billing")) {
                billingWriters = u.get("writers");
            }
        }
        assertThat(names(billingWriters.get("invoice"))).containsExactly("billing");

        assertThat(run.out()).contains("writers per table", "invoice", "written by billing", "FLAG leaves ledger_entry behind");
        String page = Files.readString(html);
        HtmlChecks.assertSelfContainedAndBalanced(page);
        assertThat(page).contains("<svg", "invoice_line", "leaves customer behind", "application_name");
    }

    @Test
    void withoutPgReadAllStatsOnlyTheRolesOwnSessionsAreShownAndTheReportSaysSo() throws Exception {
        InventoryReport report = new Inventory(asRole(reader),
                new Inventory.Options(Duration.ofSeconds(1), Duration.ofMillis(40)), line -> { }).run();
        assertThat(report.sources().readAllStats()).isFalse();
        assertThat(report.sources().notes()).anyMatch(n -> n.contains("lacks pg_read_all_stats"))
                .anyMatch(n -> n.contains("<insufficient privilege>"));
        assertThat(report.applications()).extracting(InventoryReport.Application::name).containsExactly(reader);
        assertThat(report.catalog().foreignKeys()).hasSize(2);
    }

    @Test
    void pgStatStatementsInstalledButNotLoadedIsSaidAndSamplingCarriesOn() throws Exception {
        try (Connection c = TestDatabases.postgresConnection(DATABASE); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
        try {
            InventoryReport report = new Inventory(ShardbridgeConfigLoader.load(config), new Inventory.Options(Duration.ofMillis(500), Duration.ofMillis(40)),
                    line -> { }).run();
            assertThat(report.sources().pgStatStatements()).isFalse();
            assertThat(report.sources().notes()).anyMatch(n -> n.contains("installed but not loaded"));
            assertThat(report.applications()).extracting(InventoryReport.Application::name).contains("billing", "payments", "crm");
        } finally {
            try (Connection c = TestDatabases.postgresConnection(DATABASE); Statement st = c.createStatement()) {
                st.execute("DROP EXTENSION IF EXISTS pg_stat_statements");
            }
        }
    }

    /** The same configuration, with legacy read as another role. */
    private static io.shardbridge.config.ShardbridgeConfig asRole(String role) {
        io.shardbridge.config.ShardbridgeConfig c = ShardbridgeConfigLoader.load(config);
        return new io.shardbridge.config.ShardbridgeConfig(java.util.Optional.of(new io.shardbridge.config.DatabaseEndpoint(url, role, "", c.legacy().get().maxPoolSize())), c.target(),
                c.control(), c.migrations());
    }

    private static void assertWrites(JsonNode cell) {
        assertThat(cell.get("writes").asLong()).as(cell.toString()).isPositive();
        assertThat(cell.get("reads").asLong()).as(cell.toString()).isZero();
    }

    private static void assertReadsOnly(JsonNode cell) {
        assertThat(cell.get("reads").asLong()).as(cell.toString()).isPositive();
        assertThat(cell.get("writes").asLong()).as(cell.toString()).isZero();
    }

    private static Set<String> names(JsonNode array) {
        Set<String> out = new java.util.LinkedHashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
