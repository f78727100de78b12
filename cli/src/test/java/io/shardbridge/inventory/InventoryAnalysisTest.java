package io.shardbridge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationUnitConfig;
import io.shardbridge.inventory.InventoryReport.Catalog;
import io.shardbridge.inventory.InventoryReport.Cell;
import io.shardbridge.inventory.InventoryReport.ForeignKey;
import io.shardbridge.inventory.InventoryReport.Function;
import io.shardbridge.inventory.InventoryReport.Group;
import io.shardbridge.inventory.InventoryReport.IdentifiedBy;
import io.shardbridge.inventory.InventoryReport.Link;
import io.shardbridge.inventory.InventoryReport.LinkKind;
import io.shardbridge.inventory.InventoryReport.SequenceUse;
import io.shardbridge.inventory.InventoryReport.Source;
import io.shardbridge.inventory.InventoryReport.Unit;
import io.shardbridge.inventory.InventoryReport.View;
import io.shardbridge.sql.ParsedStatements;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The pg_stat_statements path, from a fixture of its rows (the test server does not preload it): counts
 * come from its calls, roles are attributed to the one application_name sampling saw them under, views
 * and functions lead to the tables under them, and the configured units are flagged where they cut a link.
 */
class InventoryAnalysisTest {
    private static final Catalog CATALOG = new Catalog(
            List.of("customer", "invoice", "invoice_line", "payment", "ledger_entry", "day_close", "balance"),
            Map.of("ledger_entry_2026", "ledger_entry"),
            List.of(new ForeignKey("invoice_line_invoice_fk", "invoice_line", "invoice")),
            List.of(),
            List.of(new View("invoice_totals", List.of("invoice", "invoice_line"))),
            List.of(),
            List.of(new Function("close_day", "plpgsql", List.of("balance", "day_close"), List.of("ledger_entry"), List.of())),
            List.of(new SequenceUse("shared_id_seq", "payment.id", List.of("payment.id", "day_close.id"))));

    private final ParsedStatements parser = new ParsedStatements(1_000);

    private static List<Observation> fixture() throws IOException {
        List<Observation> rows = new ArrayList<>();
        try (InputStream in = InventoryAnalysisTest.class.getResourceAsStream("/inventory/pg_stat_statements.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            for (String line : lines) {
                int first = line.indexOf(',');
                int last = line.lastIndexOf(',');
                String query = line.substring(first + 1, last);
                if (query.startsWith("\"")) {
                    query = query.substring(1, query.length() - 1).replace("\"\"", "\"");
                }
                rows.add(StatementStatistics.row(line.substring(0, first), query, Long.parseLong(line.substring(last + 1))));
            }
        }
        return rows;
    }

    /** Sampling saw billing_svc only as "billing", and shared_svc as two applications. */
    private static List<Observation> sampled() {
        Instant seen = Instant.parse("2026-11-30T10:00:00Z");
        return List.of(
                new Observation("billing", IdentifiedBy.APPLICATION_NAME, "billing_svc", "10.0.0.5", Source.ACTIVITY_SAMPLING,
                        "INSERT INTO invoice (customer_id, total) VALUES ($1, $2)", 4, seen),
                new Observation("payments", IdentifiedBy.APPLICATION_NAME, "shared_svc", "10.0.0.6", Source.ACTIVITY_SAMPLING,
                        "SELECT * FROM payment WHERE id = $1", 2, seen),
                new Observation("ops", IdentifiedBy.APPLICATION_NAME, "shared_svc", "10.0.0.7", Source.ACTIVITY_SAMPLING,
                        "SELECT 1", 1, seen));
    }

    @Test
    void countsComeFromPgStatStatementsAndRolesBecomeTheirOneApplication() throws IOException {
        List<Observation> observed = new ArrayList<>(fixture());
        observed.addAll(sampled());
        StatementTables resolver = new StatementTables(parser, CATALOG);
        AccessMatrix matrix = new AccessMatrix(observed, resolver, CATALOG.tables());

        Map<String, InventoryReport.Application> apps = matrix.applications().stream()
                .collect(Collectors.toMap(InventoryReport.Application::name, a -> a));
        assertThat(apps.get("billing").identifiedBy()).isEqualTo(IdentifiedBy.ROLE_SEEN_AS_APPLICATION_NAME);
        assertThat(apps.get("billing").countedFrom()).isEqualTo(Source.PG_STAT_STATEMENTS);
        assertThat(apps.get("shared_svc").identifiedBy()).as("seen as two application_names: stays a role").isEqualTo(IdentifiedBy.ROLE);
        assertThat(apps.get("payments").countedFrom()).isEqualTo(Source.ACTIVITY_SAMPLING);

        Map<String, Cell> cells = matrix.cells().stream().collect(Collectors.toMap(c -> c.table() + "/" + c.application(), c -> c));
        assertThat(cells.get("invoice/billing").writes()).as("pg_stat_statements' calls, not the 4 executions sampled").isEqualTo(1200);
        assertThat(cells.get("invoice/billing").lastSeen()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
        assertThat(cells.get("invoice_line/billing").writes()).isEqualTo(3400);
        assertThat(cells.get("customer/billing").reads()).isEqualTo(900);
        assertThat(cells.get("customer/billing").writes()).isZero();
        assertThat(cells.get("ledger_entry/shared_svc").writes()).as("500 + 8 on its partition ledger_entry_2026").isEqualTo(508);
        assertThat(cells.get("payment/shared_svc").writes()).isEqualTo(500);
        assertThat(cells.get("invoice_line/shared_svc").reads()).as("through the view invoice_totals").isEqualTo(70);
        assertThat(cells.get("day_close/shared_svc").writes()).as("through the function close_day").isEqualTo(3);
        assertThat(cells.get("ledger_entry/shared_svc").reads()).as("close_day reads it").isEqualTo(3);
        assertThat(cells.get("payment/payments").reads()).isEqualTo(2);
        assertThat(matrix.statements()).anyMatch(s -> s.sql().equals("SELEC broken") && s.error() != null);
        assertThat(matrix.tables()).filteredOn(t -> t.table().equals("invoice")).singleElement()
                .satisfies(t -> assertThat(t.writers()).containsExactly("billing"));
    }

    @Test
    void groupsJoinEveryLinkAndUnitsThatCutOneAreFlagged() throws IOException {
        StatementTables resolver = new StatementTables(parser, CATALOG);
        AccessMatrix matrix = new AccessMatrix(fixture(), resolver, CATALOG.tables());
        List<Link> links = UnitSuggestions.links(CATALOG, matrix.statements(),
                List.of(new ActivitySampler.SampledTransaction("billing", Set.of("INSERT INTO invoice (customer_id, total) VALUES (1, 2)",
                        "UPDATE customer SET name = 'x' WHERE id = 1"))), List.of(), resolver);
        assertThat(links).extracting(Link::kind).contains(LinkKind.STATEMENT, LinkKind.TRANSACTION, LinkKind.FOREIGN_KEY, LinkKind.FUNCTION,
                LinkKind.SEQUENCE);
        List<Group> groups = UnitSuggestions.groups(links);
        assertThat(groups).extracting(Group::tables).containsExactlyInAnyOrder(
                List.of("customer", "invoice", "invoice_line"),
                List.of("balance", "day_close", "ledger_entry", "payment"));

        List<Unit> units = UnitSuggestions.units(List.of(
                new MigrationUnitConfig("billing", List.of("invoice", "invoice_line", "customer"), MigrationPhase.LEGACY_ONLY, 0),
                new MigrationUnitConfig("payments", List.of("payment", "ledger_entry"), MigrationPhase.LEGACY_ONLY, 0),
                new MigrationUnitConfig("closing", List.of("day_close"), MigrationPhase.LEGACY_ONLY, 0)), links, matrix.tables());
        Map<String, Unit> byName = units.stream().collect(Collectors.toMap(Unit::name, u -> u));
        assertThat(byName.get("billing").flags()).isEmpty();
        assertThat(byName.get("billing").writers().get("invoice")).as("no sampling here: the role names it").containsExactly("billing_svc");
        assertThat(byName.get("payments").flags()).anyMatch(f -> f.startsWith("splits day_close off into unit closing") && f.contains("sequence"));
        assertThat(byName.get("closing").flags()).anyMatch(f -> f.startsWith("leaves balance behind") && f.contains("close_day"))
                .anyMatch(f -> f.startsWith("splits payment off into unit payments"));
    }

    @Test
    void functionBodiesYieldTheTablesTheyWrite() {
        FunctionBodies.Access access = FunctionBodies.analyse(parser, """
                DECLARE total numeric;
                BEGIN
                  SELECT sum(amount) INTO total FROM ledger_entry WHERE day = p_day; -- ; in a comment
                  IF total > 0 THEN
                    INSERT INTO day_close (day, total) VALUES (p_day, total);
                  ELSE
                    UPDATE balance SET note = 'nothing; today' WHERE day = p_day;
                  END IF;
                  PERFORM refresh_stats(p_day);
                  EXECUTE format('DELETE FROM %I', 'scratch');
                  RETURN;
                END""");
        assertThat(access.writes()).containsExactlyInAnyOrder("day_close", "balance");
        assertThat(access.reads()).containsExactly("ledger_entry");
        assertThat(access.calls()).contains("refresh_stats");
        assertThat(access.notes()).anyMatch(n -> n.contains("dynamic SQL"));
    }

    @Test
    void aFunctionWritesWhatTheFunctionsItCallsWrite() {
        Map<String, FunctionBodies.Access> bodies = new java.util.LinkedHashMap<>();
        bodies.put("on_invoice", FunctionBodies.analyse(parser, "BEGIN PERFORM write_audit(NEW.id); RETURN NEW; END"));
        bodies.put("write_audit", FunctionBodies.analyse(parser, "BEGIN INSERT INTO audit_log (what) VALUES (p); PERFORM stamp(); END"));
        bodies.put("stamp", FunctionBodies.analyse(parser, "UPDATE stamps SET at = now(); SELECT 1 FROM clock"));
        Map<String, Function> closed = CatalogReader.closeOverCalls(bodies, Map.of("on_invoice", "plpgsql", "write_audit", "plpgsql", "stamp", "sql"));
        assertThat(closed.get("on_invoice").writes()).containsExactly("audit_log", "stamps");
        assertThat(closed.get("on_invoice").reads()).containsExactly("clock");
        assertThat(closed.get("stamp").writes()).containsExactly("stamps");
    }

    @Test
    void theHtmlPageIsSelfContainedAndBalanced() throws IOException {
        StatementTables resolver = new StatementTables(parser, CATALOG);
        AccessMatrix matrix = new AccessMatrix(fixture(), resolver, CATALOG.tables());
        List<Link> links = UnitSuggestions.links(CATALOG, matrix.statements(), List.of(), List.of(), resolver);
        InventoryReport report = new InventoryReport("legacy.public", Instant.EPOCH,
                new InventoryReport.Sources(true, false, 10, 1000, List.of("a note with <angle> & \"quotes\"")), matrix.applications(), matrix.cells(),
                matrix.tables(), matrix.statements(), CATALOG, links, UnitSuggestions.groups(links),
                UnitSuggestions.units(List.of(new MigrationUnitConfig("closing", List.of("day_close"), MigrationPhase.LEGACY_ONLY, 0)), links,
                        matrix.tables()));
        String page = InventoryHtml.render(report);
        HtmlChecks.assertSelfContainedAndBalanced(page);
        assertThat(page).contains("a note with &lt;angle&gt; &amp; &quot;quotes&quot;", "<svg", "leaves balance behind");
        assertThat(InventoryJson.mapper().writeValueAsString(report)).contains("\"generatedAt\" : \"1970-01-01T00:00:00Z\"", "ROLE");
    }
}
