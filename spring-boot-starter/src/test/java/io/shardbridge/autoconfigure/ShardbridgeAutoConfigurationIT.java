package io.shardbridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.Bridge;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/**
 * The starter against real databases: a Boot application context gets the migration layer as its
 * DataSource from properties alone (its own spring.datasource.* as legacy), flags changed at run time
 * move the unit, the actuator endpoint and health indicator show it, metrics land in the application's
 * registry, an application's own DataSource becomes legacy under it, and a misspelled property fails
 * start-up readably.
 */
class ShardbridgeAutoConfigurationIT {
    private static final AutoConfigurations AUTO = AutoConfigurations.of(ShardbridgeAutoConfiguration.class,
            ShardbridgeActuatorAutoConfiguration.class);

    @BeforeAll
    static void tables() throws Exception {
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = legacy.createStatement()) {
            st.execute("DROP TABLE IF EXISTS boot_row");
            st.execute("CREATE TABLE boot_row (id bigint PRIMARY KEY, owner bigint NOT NULL, note text)");
            st.execute("DO $$ BEGIN IF to_regclass('shardbridge_unit') IS NOT NULL THEN DELETE FROM shardbridge_unit WHERE unit_name = 'boot'; "
                    + "DELETE FROM shardbridge_instance WHERE unit_name = 'boot'; END IF; "
                    + "IF to_regclass('shardbridge_phase_flag') IS NOT NULL THEN DELETE FROM shardbridge_phase_flag WHERE unit_name = 'boot'; END IF; END $$");
        }
        String base = TestTargets.yamlText(Dialect.POSTGRESQL);
        var config = ShardbridgeConfigLoader.parse(base.substring(0, base.indexOf("  tables:\n"))
                + "  tables:\n    boot_row: { shard-key: owner, tables-per-shard: 1, algorithm: mod }\n", "boot.yaml");
        try (ShardPools pools = ShardPools.open(config.target())) {
            for (var shard : pools.byShard().values()) {
                try (Connection c = shard.getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS boot_row_0");
                }
            }
            try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY)) {
                new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "boot_row")));
            }
        }
    }

    /** Properties as an application.yml would give them: the service's own datasource, and the shardbridge tree. */
    private static List<String> properties(String... extra) {
        var pg = TestDatabases.postgres();
        List<String> p = new ArrayList<>(List.of(
                "spring.datasource.url=" + TestDatabases.postgresUrl(TestDatabases.LEGACY),
                "spring.datasource.username=" + pg.user(),
                "spring.datasource.password=" + pg.password(),
                "shardbridge.target.dialect=postgresql",
                "shardbridge.target.shards.ds0.url=" + TestDatabases.postgresUrl(TestDatabases.PG_SHARD0),
                "shardbridge.target.shards.ds0.username=" + pg.user(),
                "shardbridge.target.shards.ds1.url=" + TestDatabases.postgresUrl(TestDatabases.PG_SHARD1),
                "shardbridge.target.shards.ds1.username=" + pg.user(),
                "shardbridge.target.tables.boot_row.shard-key=owner",
                "shardbridge.target.tables.boot_row.tables-per-shard=1",
                "shardbridge.target.tables.boot_row.algorithm=mod",
                "shardbridge.migrations.boot.tables[0]=boot_row",
                "shardbridge.migrations.boot.phase=LEGACY_ONLY",
                "management.endpoints.web.exposure.include=shardbridge,health",
                "management.endpoints.jmx.exposure.include=shardbridge,health"));
        p.addAll(List.of(extra));
        return p;
    }

    @Test
    void propertiesAloneGiveTheApplicationTheMigrationLayerAndFlagsMoveItAtRunTime() {
        new ApplicationContextRunner().withConfiguration(AUTO).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(properties("shardbridge.refresh-ms=100").toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(dataSource).isInstanceOf(BridgeDataSource.class);
                    BridgeDataSource ds = (BridgeDataSource) dataSource;
                    try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                        st.executeUpdate("INSERT INTO boot_row VALUES (1, 7, 'through the starter') ON CONFLICT (id) DO NOTHING");
                    }
                    assertThat(ds.bridge().phase("boot")).isEqualTo(MigrationPhase.LEGACY_ONLY);
                    assertThat(context.getBean(Bridge.class)).as("the operator API, as a bean").isSameAs(ds.bridge());
                    assertThat(context.getBean(MeterRegistry.class).find("shardbridge.phase").tag("unit", "boot").gauge()).isNotNull();
                    assertThat(context.getBean(MeterRegistry.class).find("shardbridge.fastpath.executions").tag("path", "fast").functionCounter())
                            .isNotNull();

                    // the flag changes in the environment (a config server, a refreshed source): the unit follows, coordinated
                    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("changed",
                            Map.of("shardbridge.migrations.boot.phase", "DUAL_WRITE")));
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (ds.bridge().phase("boot") != MigrationPhase.DUAL_WRITE && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertThat(ds.bridge().phase("boot")).isEqualTo(MigrationPhase.DUAL_WRITE);

                    ShardbridgeEndpoint endpoint = context.getBean(ShardbridgeEndpoint.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> unit = (Map<String, Object>) ((Map<String, Object>) endpoint.units().get("units")).get("boot");
                    assertThat(unit).containsEntry("phase", "DUAL_WRITE").containsKey("instances").containsKey("backfill");
                    Map<String, Object> readiness = endpoint.readiness("boot", "readiness");
                    assertThat(readiness).containsEntry("unit", "boot").containsKeys("ready", "blockers", "findings", "census");
                    var health = context.getBean(ShardbridgeHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsKey("boot");

                    // back to where the flag started, so the unit is clean for other tests
                    context.getEnvironment().getPropertySources().remove("changed");
                    deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (ds.bridge().phase("boot") != MigrationPhase.LEGACY_ONLY && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertThat(ds.bridge().phase("boot")).isEqualTo(MigrationPhase.LEGACY_ONLY);
                });
    }

    @Test
    void theActuatorWriteOperationRequestsAMoveSubjectToTheSameRules() {
        // the README's setup: the flag stays LEGACY_ONLY in application.yml and the refresher runs
        new ApplicationContextRunner().withConfiguration(AUTO)
                .withPropertyValues(properties("shardbridge.refresh-ms=50").toArray(String[]::new))
                .run(context -> {
                    ShardbridgeEndpoint endpoint = context.getBean(ShardbridgeEndpoint.class);
                    assertThat(endpoint.move("boot", "DUAL_WRITE")).containsEntry("phase", "DUAL_WRITE");
                    Thread.sleep(500); // ten refresh rounds: an unchanged flag must not undo the operator's move
                    assertThat(context.getBean(BridgeDataSource.class).bridge().phase("boot")).isEqualTo(MigrationPhase.DUAL_WRITE);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> endpoint.move("boot", "SHADOW"))
                            .hasMessageContaining("no finished backfill");
                    assertThat(endpoint.move("boot", "LEGACY_ONLY")).containsEntry("phase", "LEGACY_ONLY");
                    try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT phase FROM shardbridge_unit WHERE unit_name = 'boot'")) {
                        rs.next();
                        assertThat(rs.getString(1)).as("recorded for every instance").isEqualTo("LEGACY_ONLY");
                    }
                });
    }

    @Test
    void aFlagChangedWhileTheServiceWasDownIsARequestWhenItStarts() {
        ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AUTO);
        runner.withPropertyValues(properties("shardbridge.refresh-ms=50").toArray(String[]::new))
                .run(context -> assertThat(context.getBean(BridgeDataSource.class).bridge().phase("boot")).isEqualTo(MigrationPhase.LEGACY_ONLY));
        // the operator edits application.yml and restarts: the changed flag moves the unit
        runner.withPropertyValues(properties("shardbridge.refresh-ms=50", "shardbridge.migrations.boot.phase=DUAL_WRITE").toArray(String[]::new))
                .run(context -> {
                    BridgeDataSource ds = context.getBean(BridgeDataSource.class);
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (ds.bridge().phase("boot") != MigrationPhase.DUAL_WRITE && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertThat(ds.bridge().phase("boot")).isEqualTo(MigrationPhase.DUAL_WRITE);
                    ds.bridge().moveTo("boot", MigrationPhase.LEGACY_ONLY); // an operator's move back: the unchanged flag leaves it there
                    Thread.sleep(500);
                    assertThat(ds.bridge().phase("boot")).isEqualTo(MigrationPhase.LEGACY_ONLY);
                });
        // and a restart with the flag as it last was requests nothing
        runner.withPropertyValues(properties("shardbridge.refresh-ms=50", "shardbridge.migrations.boot.phase=DUAL_WRITE").toArray(String[]::new))
                .run(context -> {
                    Thread.sleep(500);
                    assertThat(context.getBean(BridgeDataSource.class).bridge().phase("boot")).isEqualTo(MigrationPhase.LEGACY_ONLY);
                });
        runner.withPropertyValues(properties("shardbridge.refresh-ms=50").toArray(String[]::new))
                .run(context -> assertThat(context.getBean(BridgeDataSource.class).bridge().phase("boot")).isEqualTo(MigrationPhase.LEGACY_ONLY));
    }

    @Test
    void theApplicationsOwnDataSourceBecomesLegacyUnderAPrimaryMigrationLayer() {
        var pg = TestDatabases.postgres();
        org.postgresql.ds.PGSimpleDataSource own = new org.postgresql.ds.PGSimpleDataSource();
        own.setUrl(TestDatabases.postgresUrl(TestDatabases.LEGACY));
        own.setUser(pg.user());
        own.setPassword(pg.password());
        List<String> withoutSpringDatasource = properties().stream().filter(p -> !p.startsWith("spring.datasource.")).toList();
        new ApplicationContextRunner().withConfiguration(AUTO).withBean("legacyDataSource", DataSource.class, () -> own)
                .withPropertyValues(withoutSpringDatasource.toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(DataSource.class)).as("the primary DataSource").isInstanceOf(BridgeDataSource.class);
                    assertThat(context.getBean("legacyDataSource")).isSameAs(own);
                    BridgeDataSource ds = (BridgeDataSource) context.getBean(DataSource.class);
                    assertThat(ds.bridge().legacyDataSource()).isSameAs(own);
                    try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM boot_row")) {
                        assertThat(rs.next()).isTrue();
                    }
                    assertThat(context).hasSingleBean(ShardbridgeEndpoint.class);
                });
        new ApplicationContextRunner().withConfiguration(AUTO).withBean("dataSource", DataSource.class, () -> own)
                .withPropertyValues(properties("shardbridge.enabled=false").toArray(String[]::new))
                .run(context -> assertThat(context).hasSingleBean(DataSource.class).doesNotHaveBean(BridgeDataSource.class));
        new ApplicationContextRunner().withConfiguration(AUTO)
                .withPropertyValues("spring.datasource.url=" + TestDatabases.postgresUrl(TestDatabases.LEGACY))
                .run(context -> assertThat(context).doesNotHaveBean(BridgeDataSource.class).doesNotHaveBean(ShardbridgeEndpoint.class));
    }

    @Test
    void aMisspelledPropertyFailsStartUpNamingItAndTheFix() {
        new ApplicationContextRunner().withConfiguration(AUTO)
                .withPropertyValues(properties("shardbridge.target.tables.boot_row.shard-kye=owner").toArray(String[]::new))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new ShardbridgeFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("shardbridge.target.tables.boot_row").contains("shard-kye")
                            .contains("Did you mean 'shard-key'?");
                    assertThat(analysis.getAction()).contains("shardbridge.* property");
                });
    }
}
