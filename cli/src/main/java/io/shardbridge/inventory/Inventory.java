package io.shardbridge.inventory;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.bridge.readiness.CensusRows;
import io.shardbridge.config.DatabaseEndpoint;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.inventory.InventoryReport.Group;
import io.shardbridge.inventory.InventoryReport.Link;
import io.shardbridge.sql.ParsedStatements;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The inventory before the first unit (DESIGN §11): which applications read and write which legacy
 * tables, and which tables must move together. Reads legacy only, in a read-only session named
 * {@value ActivitySampler#OWN_APPLICATION_NAME}: pg_stat_statements when installed, a sampling of
 * pg_stat_activity, and the catalog; and, where shardbridge already fronts a service, the statement census in
 * the control store. Needs no privilege beyond pg_read_all_stats (without it, other
 * roles' statements are hidden and the report says so).
 *
 * <pre>{@code
 * InventoryReport report = new Inventory(config, new Inventory.Options(Duration.ofSeconds(60), Duration.ofMillis(100)), System.out::println).run();
 * }</pre>
 */
public final class Inventory {
    /**
     * @param sampleFor   how long to sample pg_stat_activity (zero: one sample)
     * @param sampleEvery the pause between samples
     */
    public record Options(Duration sampleFor, Duration sampleEvery) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(30), Duration.ofMillis(100));

        public Options {
            if (sampleFor.isNegative() || sampleEvery.isNegative() || sampleEvery.isZero()) {
                throw new IllegalArgumentException("the sampling must last zero seconds or more, with a positive interval (got " + sampleFor + " every "
                        + sampleEvery + ")");
            }
        }
    }

    private final ShardbridgeConfig config;
    private final Options options;
    private final Consumer<String> progress;
    private final Clock clock;
    private final ActivitySampler.Pause pause;

    public Inventory(ShardbridgeConfig config, Options options, Consumer<String> progress) {
        this(config, options, progress, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    Inventory(ShardbridgeConfig config, Options options, Consumer<String> progress, Clock clock, ActivitySampler.Pause pause) {
        this.config = config;
        this.options = options;
        this.progress = progress;
        this.clock = clock;
        this.pause = pause;
    }

    public InventoryReport run() throws SQLException, InterruptedException {
        DatabaseEndpoint legacy = config.legacy().orElseThrow(() -> new ShardbridgeException(
                "the inventory reads legacy:, which the configuration lacks; add legacy: { url: …, username: … }"));
        try (Connection c = DriverManager.getConnection(legacy.url(), properties(legacy))) {
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            }
            List<String> notes = new ArrayList<>();
            boolean readAllStats = readAllStats(c);
            if (!readAllStats) {
                notes.add("role " + legacy.username() + " lacks pg_read_all_stats: other roles' statements are hidden; the report shows what this "
                        + "role can see (GRANT pg_read_all_stats TO " + legacy.username() + " for the full picture)");
            }
            ParsedStatements parser = ParsedStatements.shared();
            progress.accept("reading legacy's catalog");
            InventoryReport.Catalog catalog = CatalogReader.read(c, parser);
            StatementStatistics.Read statistics = StatementStatistics.read(c);
            if (statistics.note() != null) {
                notes.add(statistics.note());
            }
            progress.accept(statistics.available() ? "read " + statistics.observations().size() + " statements from pg_stat_statements"
                    : "pg_stat_statements: not available");
            progress.accept("sampling pg_stat_activity for " + options.sampleFor().toSeconds() + " s every " + options.sampleEvery().toMillis() + " ms");
            ActivitySampler.Sampling sampling = ActivitySampler.sample(c, options.sampleFor(), options.sampleEvery(), pause, clock);
            if (sampling.hiddenSessions() > 0) {
                notes.add(sampling.hiddenSessions() + " sessions of other roles showed no statement (<insufficient privilege>)");
            }
            Census census = readCensus(c, legacy);
            notes.add(census.note());
            List<Observation> observed = new ArrayList<>(statistics.observations());
            observed.addAll(sampling.observations());
            StatementTables resolver = new StatementTables(parser, catalog);
            AccessMatrix matrix = new AccessMatrix(observed, resolver, catalog.tables());
            List<Link> links = UnitSuggestions.links(catalog, matrix.statements(), sampling.transactions(), census.rows(), resolver);
            List<Group> groups = UnitSuggestions.groups(links);
            return new InventoryReport(c.getCatalog() + "." + c.getSchema(), clock.instant(),
                    new InventoryReport.Sources(statistics.available(), readAllStats, sampling.samples(), sampling.took().toMillis(), notes),
                    matrix.applications(), matrix.cells(), matrix.tables(), matrix.statements(), catalog, links, groups,
                    UnitSuggestions.units(config.migrations().values(), links, matrix.tables()));
        }
    }

    /**
     * The statement census that shardbridge keeps in the control store for the units it already fronts (written by
     * the readiness census from DUAL_WRITE on; read through migration-bridge's {@link CensusRows}, never created
     * here): every statement shape the service really sent, with its executions.
     *
     * @param note what was read, or why nothing was
     */
    private record Census(List<CensusRows.Row> rows, String note) {
        static Census read(Connection control) throws SQLException {
            if (!CensusRows.exists(control)) {
                return new Census(List.of(), "no statement census in the control store (no service runs through shardbridge yet): tables written "
                        + "together come from multi-table statements and sampled transactions");
            }
            List<CensusRows.Row> rows = CensusRows.all(control).stream().filter(row -> !row.overflow()).toList();
            return new Census(rows, "read " + rows.size() + " statement shapes from the statement census in the control store");
        }
    }

    /** The census from the control store: legacy's own session when the control store is legacy, else a read-only session of its own. */
    private Census readCensus(Connection legacyConnection, DatabaseEndpoint legacy) {
        DatabaseEndpoint control = config.controlOrLegacy().orElse(legacy);
        try {
            if (control.url().equals(legacy.url())) {
                return Census.read(legacyConnection);
            }
            try (Connection c = DriverManager.getConnection(control.url(), properties(control))) {
                c.setReadOnly(true);
                return Census.read(c);
            }
        } catch (SQLException e) {
            return new Census(List.of(), "the statement census in the control store could not be read (" + e.getMessage() + " [SQLState "
                    + e.getSQLState() + "]); tables written together come from multi-table statements and sampled transactions");
        }
    }

    private static Properties properties(DatabaseEndpoint endpoint) {
        Properties properties = new Properties();
        properties.setProperty("user", endpoint.username());
        properties.setProperty("password", endpoint.password());
        properties.setProperty("ApplicationName", ActivitySampler.OWN_APPLICATION_NAME);
        return properties;
    }

    private static boolean readAllStats(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_has_role('pg_read_all_stats', 'USAGE')")) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
