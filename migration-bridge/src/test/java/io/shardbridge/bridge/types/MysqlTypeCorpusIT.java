package io.shardbridge.bridge.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.schema.DdlTableReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL types MySQL/MariaDB shards hold faithfully (enum, domain, network, interval, money, arrays,
 * and with {@code column-types: text} anything else), walked like on PostgreSQL shards; the rest refused at
 * {@code schema} by name; values a mapped column cannot hold refused per row and left for repair.
 */
class MysqlTypeCorpusIT extends TypeCorpusContract {
    MysqlTypeCorpusIT() {
        super(new MysqlTypeCorpus());
    }

    @Test
    void typesMysqlCannotHoldAreRefusedAtSchemaNamingTheColumnAndTheChoices() throws SQLException {
        ShardbridgeConfig config = ShardbridgeConfigLoader.parse(TestTargets.yamlText(Dialect.MYSQL).replace("  tables:\n", """
                  tables:
                    refused: { shard-key: id, algorithm: mod }
                    wrong_override: { shard-key: id, algorithm: mod, column-types: { r: json } }
                    missing_column: { shard-key: id, algorithm: mod, column-types: { nope: text } }
                """), "refusals.yaml");
        try (Connection legacy = TestDatabases.postgresConnection(TestDatabases.LEGACY); ShardPools pools = ShardPools.open(config.target())) {
            SchemaProvisioner provisioner = new SchemaProvisioner(config.target(), pools.byShard());
            for (String type : List.of("int4range", "timetz", "point", "bit(8)", "xml", "tsvector", "numeric")) {
                List<TableDefinition> table = DdlTableReader.read(legacy, "CREATE TABLE refused (id int PRIMARY KEY, v " + type + ");");
                assertThatThrownBy(() -> provisioner.provision(table)).as(type)
                        .hasMessageContaining("table refused, column v (" + table.get(0).column("v").orElseThrow().pgType() + ")")
                        .hasMessageContaining("cannot be provisioned on MySQL shards");
            }
            List<TableDefinition> range = DdlTableReader.read(legacy, "CREATE TABLE refused (id int PRIMARY KEY, v int4range);");
            assertThatThrownBy(() -> provisioner.provision(range)).hasMessageContaining("column-types: { v: text }");
            List<TableDefinition> arrayKey = DdlTableReader.read(legacy, "CREATE TABLE refused (id int PRIMARY KEY, v int[]); CREATE INDEX refused_v ON refused (v);");
            assertThatThrownBy(() -> provisioner.provision(arrayKey)).hasMessageContaining("cannot index a JSON array");
            List<TableDefinition> wrong = DdlTableReader.read(legacy, "CREATE TABLE wrong_override (id int PRIMARY KEY, r int4range);");
            assertThatThrownBy(() -> provisioner.provision(wrong)).hasMessageContaining("column-types json holds arrays; for this type use text");
            List<TableDefinition> missing = DdlTableReader.read(legacy, "CREATE TABLE missing_column (id int PRIMARY KEY, r int4range);");
            assertThatThrownBy(() -> provisioner.provision(missing)).hasMessageContaining("missing_column has no column 'nope'");
        }
        assertThatThrownBy(() -> ShardbridgeConfigLoader.parse(TestTargets.yamlText(Dialect.MYSQL).replace("  tables:\n", """
                  tables:
                    bad: { shard-key: id, algorithm: mod, column-types: { v: blob } }
                """), "bad.yaml")).hasMessageContaining("target.tables.bad.column-types.v").hasMessageContaining("choose json");
    }

    @Test
    void valuesAMappedColumnCannotHoldAreRefusedPerRowAndLeftForRepair() throws SQLException {
        ShardbridgeConfig config = config();
        provision(config);
        String unit = unit(dialect());
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (BridgeDataSource ds = BridgeDataSource.builder(config).requireBackfillBeforeReads(false).repair(Duration.ofHours(1), Duration.ZERO)
                .meterRegistry(registry).shadowSampler(() -> 0).open()) {
            walk(ds, unit, MigrationPhase.DUAL_WRITE);
            ds.bridge().backfill(unit).restart(true).run(p -> { });
            for (String[] bad : List.of(new String[] {"n", "'NaN'"}, new String[] {"tz", "'infinity'"}, new String[] {"dt", "'10000-01-01'"},
                    new String[] {"ts", "'0044-03-15 00:00:00 BC'"}, new String[] {"d", "'-Infinity'"})) {
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    st.executeUpdate("UPDATE tc_row SET " + bad[0] + " = " + bad[1] + " WHERE id = 3");
                }
                ds.bridge().awaitMirrored();
                assertThat(ds.bridge().pendingIntents(unit)).as("%s = %s: the row stays for repair", bad[0], bad[1]).isPositive();
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    st.executeUpdate("UPDATE tc_row SET " + bad[0] + " = NULL WHERE id = 3");
                }
                ds.bridge().awaitMirrored();
                ds.bridge().drainIntents(unit);
                assertThat(ds.bridge().pendingIntents(unit)).as("%s: repaired once the value fits", bad[0]).isZero();
            }
            double failures = registry.find("shardbridge.mirror.failures").counters().stream().mapToDouble(c -> c.count()).sum();
            assertThat(failures).as("each refusal counted").isGreaterThanOrEqualTo(5);
            assertThat(ds.bridge().verifier(unit).recheckAfter(Duration.ZERO).run().differences()).isEmpty();
            walk(ds, unit, MigrationPhase.LEGACY_ONLY);
        }
    }
}
