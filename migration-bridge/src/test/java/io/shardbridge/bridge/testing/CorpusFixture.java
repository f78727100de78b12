package io.shardbridge.bridge.testing;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statement corpus' world: unit {@code corpus} (cx_acct, cx_other, cx_event) migrating, cx_log in
 * no unit, and functions, procedures and views over them — on legacy, provisioned on the shards, and
 * on a plain PostgreSQL database (the oracle) that the layer never touches.
 */
public final class CorpusFixture {
    public static final String ORACLE = "sb_corpus_oracle";
    public static final String UNIT = "corpus";
    public static final List<String> UNIT_TABLES = List.of("cx_acct", "cx_other", "cx_event");
    public static final List<String> OTHER_TABLES = List.of("cx_log");

    /** The schema, the same on legacy and on the oracle. */
    public static final String DDL = """
            DROP VIEW IF EXISTS cx_rich, cx_acct_view;
            DROP FUNCTION IF EXISTS cx_bump(bigint), cx_read(bigint), cx_note(text), cx_indirect(bigint);
            DROP PROCEDURE IF EXISTS cx_proc(bigint), cx_log_proc(text);
            DROP TABLE IF EXISTS cx_acct, cx_other, cx_event, cx_log;
            CREATE TABLE cx_acct (id bigint PRIMARY KEY, user_id bigint NOT NULL, bal numeric(14,2) NOT NULL DEFAULT 0, note text,
                                  email varchar(80) UNIQUE);
            CREATE TABLE cx_other (id bigint PRIMARY KEY, user_id bigint NOT NULL, note text, code varchar(20), UNIQUE (user_id, code));
            CREATE TABLE cx_event (event_id bigserial PRIMARY KEY, user_id bigint NOT NULL, amount numeric(14,2) NOT NULL);
            CREATE TABLE cx_log (log_id bigserial PRIMARY KEY, note text NOT NULL);
            CREATE FUNCTION cx_bump(p bigint) RETURNS integer LANGUAGE plpgsql AS $$
              BEGIN UPDATE cx_acct SET bal = bal + 1 WHERE id = p; RETURN 1; END $$;
            CREATE FUNCTION cx_indirect(p bigint) RETURNS integer LANGUAGE sql AS $$ SELECT cx_bump(p) $$;
            CREATE FUNCTION cx_read(p bigint) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT bal FROM cx_acct WHERE id = p $$;
            CREATE FUNCTION cx_note(p text) RETURNS integer LANGUAGE plpgsql AS $$
              BEGIN INSERT INTO cx_log (note) VALUES (p); RETURN 1; END $$;
            CREATE PROCEDURE cx_proc(p bigint) LANGUAGE plpgsql AS $$ BEGIN DELETE FROM cx_acct WHERE id = p; END $$;
            CREATE PROCEDURE cx_log_proc(p text) LANGUAGE sql AS $$ INSERT INTO cx_log (note) VALUES (p) $$;
            CREATE VIEW cx_acct_view AS SELECT id, user_id, bal, note FROM cx_acct;
            CREATE VIEW cx_rich AS SELECT id, bal FROM cx_acct_view WHERE bal > 5;
            """;

    private static final Map<Dialect, CorpusFixture> OPEN = new EnumMap<>(Dialect.class);

    private final Dialect dialect;
    private final ShardbridgeConfig config;
    private final BridgeDataSource dataSource;
    private final Map<String, TableDefinition> tables = new LinkedHashMap<>();
    private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    private CorpusFixture(Dialect dialect) throws SQLException {
        this.dialect = dialect;
        this.config = ShardbridgeConfigLoader.parse(yaml(dialect), "corpus-test.yaml");
        for (String database : List.of(TestDatabases.LEGACY, ORACLE)) {
            try (Connection c = TestDatabases.postgresConnection(database); Statement st = c.createStatement()) {
                st.execute(DDL);
                if (database.equals(TestDatabases.LEGACY)) {
                    for (String table : UNIT_TABLES) {
                        tables.put(table, PostgresCatalogReader.read(c, "public", table));
                    }
                    for (String table : OTHER_TABLES) {
                        tables.put(table, PostgresCatalogReader.read(c, "public", table));
                    }
                }
            }
        }
        try (var pools = io.shardbridge.pool.ShardPools.open(config.target())) {
            for (var shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    for (String table : UNIT_TABLES) {
                        for (int i = 0; i < 2; i++) {
                            st.execute("DROP TABLE IF EXISTS " + table + "_" + i);
                        }
                    }
                }
            }
            new SchemaProvisioner(config.target(), pools.byShard()).provision(UNIT_TABLES.stream().map(tables::get).toList());
        }
        try (Connection control = TestDatabases.postgresConnection(BridgeFixture.controlDatabase(dialect)); Statement st = control.createStatement()) {
            BridgeFixture.forgetUnits(st, UNIT);
        }
        this.dataSource = BridgeDataSource.builder(config)
                .requireBackfillBeforeReads(false)
                .readinessGate(false) // the corpus sends PostgreSQL-only SQL to MySQL targets on purpose; ReadinessContract tests the gate
                .outsideWriteCatchUp(false) // the oracle's copy is seeded on legacy directly; OutsideWritesContract tests the catch-up
                .meterRegistry(registry)
                .repair(Duration.ZERO, Duration.ZERO)
                .shadowSampler(() -> 0)
                .open();
        Runtime.getRuntime().addShutdownHook(new Thread(dataSource::close));
    }

    public static synchronized CorpusFixture get(Dialect dialect) {
        return OPEN.computeIfAbsent(dialect, d -> {
            try {
                return new CorpusFixture(d);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String yaml(Dialect dialect) {
        String base = TestTargets.yamlText(dialect);
        String target = base.substring(base.indexOf("target:"), base.indexOf("  tables:\n"));
        String legacy = base.substring(0, base.indexOf("target:"));
        String control = dialect == Dialect.POSTGRESQL ? "" : """
                control:
                  url: %s
                  username: %s
                  password: "%s"
                """.formatted(TestDatabases.postgresUrl(BridgeFixture.controlDatabase(dialect)), TestDatabases.postgres().user(),
                TestDatabases.postgres().password());
        return legacy + control + target + """
                  tables:
                    cx_acct: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                    cx_other: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                    cx_event: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                migrations:
                  corpus: { tables: [cx_acct, cx_other, cx_event], phase: LEGACY_ONLY, mirror-failure: fail, shadow-read-percent: 100 }
                """;
    }

    public Dialect dialect() {
        return dialect;
    }

    public BridgeDataSource dataSource() {
        return dataSource;
    }

    /** Shadow reads of the unit so far with this result (match, mismatch, error). */
    public double shadowReads(String result) {
        var counter = registry.find("shardbridge.shadow.reads").tag("unit", UNIT).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    public Connection oracle() throws SQLException {
        return TestDatabases.postgresConnection(ORACLE);
    }

    public void walk(MigrationPhase phase) throws SQLException {
        while (dataSource.bridge().phase(UNIT) != phase) {
            MigrationPhase current = dataSource.bridge().phase(UNIT);
            dataSource.bridge().moveTo(UNIT, phase.ordinal() > current.ordinal() ? current.next().orElseThrow() : current.previous().orElseThrow());
        }
    }

    /** Empties every corpus table on legacy, the shards and the oracle, and restarts the sequences. */
    public void empty() throws SQLException {
        dataSource.bridge().awaitMirrored();
        String truncate = "TRUNCATE cx_acct, cx_other, cx_event, cx_log RESTART IDENTITY";
        try (Statement st = kept("legacy").createStatement()) {
            st.execute(truncate);
            st.execute("DELETE FROM shardbridge_intent WHERE unit_name = '" + UNIT + "'");
        }
        try (Statement st = kept("oracle").createStatement()) {
            st.execute(truncate);
        }
        for (String shard : config.target().shardNames()) {
            try (Statement st = kept(shard).createStatement()) {
                for (String table : UNIT_TABLES) {
                    for (PhysicalTable physical : layout(table).physicalTables()) {
                        if (physical.shard().equals(shard)) {
                            st.execute("DELETE FROM " + physical.table());
                        }
                    }
                }
                st.execute("DELETE FROM shardbridge_intent WHERE unit_name = '" + UNIT + "'");
            }
        }
    }

    private final Map<String, Connection> kept = new java.util.HashMap<>();

    /** An autocommit connection kept open across scenarios: legacy, the oracle, or a shard by name. */
    private synchronized Connection kept(String name) throws SQLException {
        Connection c = kept.get(name);
        if (c == null || c.isClosed()) {
            c = name.equals("legacy") ? TestDatabases.postgresConnection(TestDatabases.LEGACY) : name.equals("oracle") ? oracle()
                    : shardConnection(name);
            kept.put(name, c);
        }
        return c;
    }

    private ShardLayout layout(String table) {
        return new ShardLayout(config.target().table(table).orElseThrow(), config.target().shardNames());
    }

    private Connection shardConnection(String shard) throws SQLException {
        int index = config.target().shardNames().indexOf(shard);
        return dialect == Dialect.MYSQL
                ? TestDatabases.mysqlConnection(index == 0 ? TestDatabases.MYSQL_SHARD0 : TestDatabases.MYSQL_SHARD1)
                : TestDatabases.postgresConnection(index == 0 ? TestDatabases.PG_SHARD0 : TestDatabases.PG_SHARD1);
    }

    /** Every corpus table's rows on legacy, as canonical text. */
    public Map<String, List<String>> legacyRows() throws SQLException {
        return rows(kept("legacy"));
    }

    /** Every corpus table's rows on the oracle. */
    public Map<String, List<String>> oracleRows() throws SQLException {
        return rows(kept("oracle"));
    }

    private Map<String, List<String>> rows(Connection c) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : tables.keySet()) {
            out.put(table, TableSnapshot.rows(c, Dialect.POSTGRESQL, table, tables.get(table)));
        }
        return out;
    }

    /** The unit tables' rows across the target's physical tables. */
    public Map<String, List<String>> targetRows() throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : UNIT_TABLES) {
            List<String> rows = new ArrayList<>();
            for (PhysicalTable physical : layout(table).physicalTables()) {
                rows.addAll(TableSnapshot.rows(kept(physical.shard()), dialect, physical.table(), tables.get(table)));
            }
            rows.sort(TableSnapshot.BY_KEY);
            out.put(table, rows);
        }
        return out;
    }
}
