package io.shardbridge.bridge.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One migration-layer DataSource per target dialect, opened once per JVM (opening takes seconds), over
 * test tables created afresh on legacy and provisioned on the shards. Units: {@code jdbc} (bw_account,
 * bw_entry), {@code chaos} (chaos_row), {@code fault} (fault_row), {@code strict} (strict_row, policy fail), {@code nokey} (bw_nokey, no primary
 * key), {@code keymove} (km_visit, km_acct: shard keys that change); {@code bw_audit} is in no unit. Each test resets the unit it uses with {@link #reset}.
 */
public final class BridgeFixture {
    public static final String LEGACY_DDL = """
            DROP TABLE IF EXISTS oe_order_line, oe_stock, oe_warehouse, km_visit, km_acct;
            DROP TABLE IF EXISTS bw_account, bw_entry, bw_audit, bw_nokey, chaos_row, fault_row, strict_row, fill_row, type_row, code_row;
            CREATE TABLE bw_account (account_id bigserial PRIMARY KEY, user_id bigint NOT NULL, balance numeric(14,2) NOT NULL,
                                     status varchar(16) NOT NULL DEFAULT 'OPEN', opened_at timestamptz NOT NULL DEFAULT now(),
                                     meta jsonb, token uuid);
            CREATE TABLE bw_entry (entry_id bigserial PRIMARY KEY, account_id bigint NOT NULL, user_id bigint NOT NULL,
                                   amount numeric(14,2) NOT NULL, created_at timestamp NOT NULL DEFAULT now());
            CREATE TABLE bw_audit (audit_id bigserial PRIMARY KEY, note text NOT NULL);
            CREATE TABLE bw_nokey (user_id bigint NOT NULL, note text);
            CREATE TABLE chaos_row (id bigint PRIMARY KEY, grp integer NOT NULL, val bigint NOT NULL, note text,
                                    updated_at timestamptz NOT NULL DEFAULT now());
            CREATE INDEX chaos_row_grp ON chaos_row (grp);
            CREATE TABLE fault_row (id bigint PRIMARY KEY, user_id bigint NOT NULL, val bigint NOT NULL);
            CREATE TABLE strict_row (id bigint PRIMARY KEY, user_id bigint NOT NULL, val bigint NOT NULL);
            CREATE TABLE fill_row (acct_id bigint NOT NULL, seq integer NOT NULL, amount numeric(14,2) NOT NULL, memo text,
                                   booked_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (acct_id, seq));
            CREATE TABLE type_row (id bigint PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, n numeric(38,10), r real,
                                   d double precision, t text, v varchar(40), c char(8), b boolean, dt date, tm time, ts timestamp,
                                   tz timestamptz, by bytea, j json, jb jsonb, u uuid);
            CREATE TABLE code_row (region bigint NOT NULL, code varchar(40) COLLATE "und-x-icu" NOT NULL, note text,
                                   PRIMARY KEY (region, code));
            CREATE TABLE oe_warehouse (w_id integer PRIMARY KEY, w_name varchar(10) NOT NULL);
            CREATE TABLE oe_stock (s_w_id integer NOT NULL REFERENCES oe_warehouse, s_i_id bigint NOT NULL, s_quantity integer NOT NULL,
                                   s_data varchar(50), PRIMARY KEY (s_w_id, s_i_id));
            CREATE TABLE oe_order_line (ol_w_id integer NOT NULL, ol_d_id varchar(8) NOT NULL, ol_o_id bigint NOT NULL, ol_number smallint NOT NULL,
                                        ol_i_id bigint NOT NULL, ol_amount numeric(8,2) NOT NULL, ol_delivery_d timestamp,
                                        PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number), FOREIGN KEY (ol_w_id, ol_i_id) REFERENCES oe_stock);
            CREATE TABLE km_visit (id serial PRIMARY KEY, pet_id integer, visit_date date, description text);
            CREATE TABLE km_acct (id bigint PRIMARY KEY, user_id bigint NOT NULL, note text);
            """;
    public static final List<String> MIRRORED_TABLES = List.of("bw_account", "bw_entry", "chaos_row", "fault_row", "strict_row", "fill_row", "type_row", "code_row",
            "oe_warehouse", "oe_stock", "oe_order_line", "km_visit", "km_acct");

    private static final Map<Dialect, BridgeFixture> OPEN = new EnumMap<>(Dialect.class);

    private final Dialect dialect;
    private final ShardbridgeConfig config;
    private final String yaml;
    private final BridgeDataSource dataSource;
    private final FaultInjection faults = new FaultInjection();
    private final Map<String, TableDefinition> tables = new java.util.HashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private BridgeFixture(Dialect dialect) throws SQLException {
        this.dialect = dialect;
        this.yaml = yaml(dialect);
        this.config = ShardbridgeConfigLoader.parse(yaml, "bridge-test.yaml");
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute(LEGACY_DDL);
            for (String table : MIRRORED_TABLES) {
                tables.put(table, PostgresCatalogReader.read(legacy, "public", table));
            }
        }
        try (var pools = io.shardbridge.pool.ShardPools.open(config.target())) {
            for (var shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    for (String table : MIRRORED_TABLES) {
                        for (int i = 0; i < 2; i++) {
                            st.execute("DROP TABLE IF EXISTS " + table + "_" + i);
                        }
                    }
                    st.execute("DROP TABLE IF EXISTS shardbridge_intent");
                }
            }
            new SchemaProvisioner(config.target(), pools.byShard()).provision(List.copyOf(tables.values()));
        }
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS shardbridge_intent");
        }
        try (Connection control = TestDatabases.postgresConnection(controlDatabase(dialect)); Statement st = control.createStatement()) {
            forgetUnits(st, config.migrations().keySet().toArray(String[]::new));
        }
        this.dataSource = BridgeDataSource.builder(config)
                .requireBackfillBeforeReads(false) // the suites walk units whose tables start empty; CoordinatedPhasesIT tests the rule
                .readinessGate(false) // the suites send PostgreSQL-only SQL to MySQL targets on purpose; ReadinessContract tests the gate
                .meterRegistry(registry)
                .mirrorDataSourceWrapper(faults::wrap)
                .repair(Duration.ZERO, Duration.ZERO)
                .shadowSampler(() -> 0)
                .outsideWriteCatchUp(false) // the suites write legacy directly on purpose; OutsideWritesContract tests the catch-up
                .open();
        Runtime.getRuntime().addShutdownHook(new Thread(dataSource::close));
    }

    /**
     * Each fixture has its own control store: the two fixtures use the same unit names, and one control
     * store would make them two instances of one deployment.
     */
    static String controlDatabase(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? TestDatabases.LEGACY : "sb_control_my";
    }

    /** Removes units' recorded phases and heartbeats left by earlier runs (the control store outlives a test JVM). */
    public static void forgetUnits(Statement st, String... units) throws SQLException {
        String list = java.util.Arrays.stream(units).map(u -> "'" + u + "'").collect(java.util.stream.Collectors.joining(", "));
        st.execute("DO $$ BEGIN IF to_regclass('shardbridge_unit') IS NOT NULL THEN DELETE FROM shardbridge_unit WHERE unit_name IN (" + list
                + "); DELETE FROM shardbridge_instance WHERE unit_name IN (" + list + "); END IF; END $$");
        // a killed run's replication slot for these units keeps WAL and makes the next run's flip decode all of it
        for (String unit : units) {
            String cleaned = unit.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            st.execute("DO $$ DECLARE s record; BEGIN FOR s IN SELECT slot_name FROM pg_replication_slots WHERE NOT active "
                    + "AND database = current_database() AND slot_name LIKE 'sb\\_%\\_" + cleaned + "\\_%' LOOP "
                    + "PERFORM pg_drop_replication_slot(s.slot_name); EXECUTE format('DROP PUBLICATION IF EXISTS %I', s.slot_name); END LOOP; END $$");
        }
    }

    public static synchronized BridgeFixture get(Dialect dialect) {
        return OPEN.computeIfAbsent(dialect, d -> {
            try {
                return new BridgeFixture(d);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static String yaml(Dialect dialect) {
        String base = TestTargets.yamlText(dialect);
        String target = base.substring(base.indexOf("target:"), base.indexOf("  tables:\n"));
        String legacy = base.substring(0, base.indexOf("target:"));
        // a cross-shard lock cycle is invisible to each shard's deadlock detector: bound lock waits instead (1 s, well inside the
        // fence timeout and half the dead-after time, so a flip drains while the randomized writers wait on each other)
        target = target.replaceFirst("target:\n", "target:\n  lock-timeout-ms: 1000\n");
        target = target.replaceAll("(sb_pg_shard\\d\\w*)\"", "$1?options=-c%20lock_timeout%3D1000\"")
                .replaceAll("(sb_my_shard\\d\\w*)\"", "$1?sessionVariables=innodb_lock_wait_timeout=1\"")
                .replaceAll("(sb_my_shard\\d\\w*)\\?(rewrite[^\"]*)\"", "$1?$2&sessionVariables=innodb_lock_wait_timeout=1\"");
        String control = dialect == Dialect.POSTGRESQL ? "" : """
                control:
                  url: %s
                  username: %s
                  password: "%s"
                """.formatted(TestDatabases.postgresUrl(controlDatabase(dialect)), TestDatabases.postgres().user(), TestDatabases.postgres().password());
        return legacy + control + target + """
                  tables:
                    bw_account: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                    bw_entry: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                    bw_nokey: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                    chaos_row: { shard-key: id, tables-per-shard: 2, algorithm: mod }
                    fault_row: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                    strict_row: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                    fill_row: { shard-key: acct_id, tables-per-shard: 2, algorithm: hash-mod }
                    type_row: { shard-key: id, tables-per-shard: 2, algorithm: mod }
                    code_row: { shard-key: region, tables-per-shard: 2, algorithm: mod }
                    oe_warehouse: { shard-key: w_id, tables-per-shard: 2, algorithm: mod }
                    oe_stock: { shard-key: s_w_id, tables-per-shard: 2, algorithm: mod }
                    oe_order_line: { shard-key: ol_w_id, tables-per-shard: 2, algorithm: mod }
                    km_visit: { shard-key: pet_id, tables-per-shard: 2, algorithm: mod }
                    km_acct: { shard-key: user_id, tables-per-shard: 2, algorithm: mod }
                migrations:
                  jdbc: { tables: [bw_account, bw_entry], phase: LEGACY_ONLY, shadow-read-percent: 100 }
                  chaos: { tables: [chaos_row], phase: LEGACY_ONLY, mirror-timeout-ms: 5000 }
                  fault: { tables: [fault_row], phase: LEGACY_ONLY, mirror-timeout-ms: 1000, circuit-breaker-failures: 3, circuit-breaker-open-ms: 300 }
                  nokey: { tables: [bw_nokey], phase: LEGACY_ONLY }
                  strict: { tables: [strict_row], phase: LEGACY_ONLY, mirror-failure: fail, mirror-timeout-ms: 1000 }
                  fill: { tables: [fill_row], phase: LEGACY_ONLY }
                  types: { tables: [type_row], phase: LEGACY_ONLY }
                  codes: { tables: [code_row], phase: LEGACY_ONLY }
                  orders: { tables: [oe_order_line, oe_stock, oe_warehouse], phase: LEGACY_ONLY }
                  keymove: { tables: [km_visit, km_acct], phase: LEGACY_ONLY }
                """;
    }

    public Dialect dialect() {
        return dialect;
    }

    public BridgeDataSource dataSource() {
        return dataSource;
    }

    public FaultInjection faults() {
        return faults;
    }

    public SimpleMeterRegistry registry() {
        return registry;
    }

    public ShardbridgeConfig config() {
        return config;
    }

    /** The configuration's YAML text, for tests that open an instance with some of it changed. */
    public String yamlText() {
        return yaml;
    }

    /** A connection to this fixture's control store (backfill checkpoints, verification reports, phases). */
    public Connection controlConnection() throws SQLException {
        return TestDatabases.postgresConnection(controlDatabase(dialect));
    }

    public TableDefinition table(String name) {
        return tables.get(name);
    }

    /** Walks the unit to {@code phase} one step at a time, then empties its tables, intents and backfill checkpoints. */
    public void reset(String unit, MigrationPhase phase, String... tablesToEmpty) throws SQLException {
        faults.reset();
        walk(unit, phase);
        dataSource.bridge().awaitMirrored();
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            if (tablesToEmpty.length > 0) {
                st.execute("TRUNCATE " + String.join(", ", tablesToEmpty)); // one statement: tables linked by foreign keys
            }
            st.execute("DELETE FROM shardbridge_intent WHERE unit_name = '" + unit + "'");
        }
        try (Connection control = controlConnection(); Statement st = control.createStatement()) {
            // the unit's backfill checkpoints, once a backfill has created their table
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_backfill') IS NOT NULL THEN "
                    + "DELETE FROM shardbridge_backfill WHERE unit_name = '" + unit + "'; END IF; END $$");
        }
        for (String shard : config.target().shardNames()) {
            try (Connection c = shardConnection(shard); Statement st = c.createStatement()) {
                for (String table : tablesToEmpty) {
                    if (config.target().table(table).isEmpty()) {
                        continue;
                    }
                    for (PhysicalTable physical : layout(table).physicalTables()) {
                        if (physical.shard().equals(shard)) {
                            st.execute("DELETE FROM " + physical.table());
                        }
                    }
                }
                st.execute("DELETE FROM shardbridge_intent WHERE unit_name = '" + unit + "'");
            }
        }
    }

    public void walk(String unit, MigrationPhase phase) throws SQLException {
        while (dataSource.bridge().phase(unit) != phase) {
            MigrationPhase current = dataSource.bridge().phase(unit);
            dataSource.bridge().moveTo(unit, phase.ordinal() > current.ordinal() ? current.next().orElseThrow() : current.previous().orElseThrow());
        }
    }

    public ShardLayout layout(String table) {
        return new ShardLayout(config.target().table(table).orElseThrow(), config.target().shardNames());
    }

    public Connection shardConnection(String shard) throws SQLException {
        int index = config.target().shardNames().indexOf(shard);
        return dialect == Dialect.MYSQL
                ? TestDatabases.mysqlConnection(index == 0 ? TestDatabases.MYSQL_SHARD0 : TestDatabases.MYSQL_SHARD1)
                : TestDatabases.postgresConnection(index == 0 ? TestDatabases.PG_SHARD0 : TestDatabases.PG_SHARD1);
    }

    /** Every row of a table on legacy, as canonical text ordered by primary key. */
    public List<String> legacyRows(String table) throws SQLException {
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
            return TableSnapshot.rows(c, Dialect.POSTGRESQL, table, tables.get(table));
        }
    }

    /** Every row of a table across the target's physical tables, as canonical text ordered by primary key. */
    public List<String> targetRows(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        for (PhysicalTable physical : layout(table).physicalTables()) {
            try (Connection c = shardConnection(physical.shard())) {
                out.addAll(TableSnapshot.rows(c, dialect, physical.table(), tables.get(table)));
            }
        }
        out.sort(TableSnapshot.BY_KEY);
        return out;
    }

    /** Where each row of a table lives on the target: "shard.table:key". */
    public List<String> placements(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        for (PhysicalTable physical : layout(table).physicalTables()) {
            try (Connection c = shardConnection(physical.shard()); Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT " + tables.get(table).primaryKey().get(0) + " FROM " + physical.table())) {
                while (rs.next()) {
                    out.add(physical + ":" + rs.getString(1));
                }
            }
        }
        return out;
    }

    public DataSource legacy() {
        return dataSource.bridge().legacyDataSource();
    }
}
