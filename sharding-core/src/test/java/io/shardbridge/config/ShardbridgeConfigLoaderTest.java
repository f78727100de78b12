package io.shardbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardbridgeConfigLoaderTest {
    private static final String SHARDS = """
              shards:
                ds0: { url: jdbc:postgresql://127.0.0.1:5432/shard0, username: postgres, password: s3cret }
                ds1: { url: jdbc:postgresql://127.0.0.1:5432/shard1, username: postgres }
            """;

    private static ShardbridgeConfig parse(String yaml) {
        return ShardbridgeConfigLoader.parse(yaml, "test.yaml");
    }

    private static String target(String tables) {
        return "target:\n  dialect: postgresql\n" + SHARDS + "  tables:\n" + tables;
    }

    @Test
    void readsTheDesignExample() {
        ShardbridgeConfig config = parse("""
                legacy:
                  url: jdbc:postgresql://127.0.0.1:5432/legacy
                  username: postgres
                  password: ""
                target:
                  dialect: postgresql
                  shards:
                    ds0: { url: jdbc:postgresql://127.0.0.1:5432/shard0, username: postgres, password: "" }
                    ds1: { url: jdbc:postgresql://127.0.0.1:5432/shard1, username: postgres, password: "" }
                  tables:
                    bank_card:
                      shard-key: user_id
                      tables-per-shard: 2
                      algorithm: hash-mod
                    bank_card_event:
                      shard-key: user_id
                      tables-per-shard: 2
                      algorithm: hash-mod
                  broadcast-tables: [card_bin]
                  binding-tables: [[bank_card, bank_card_event]]
                control:
                  url: jdbc:postgresql://127.0.0.1:5432/legacy
                migrations:
                  bank-card:
                    tables: [bank_card, bank_card_event]
                    phase: LEGACY_ONLY
                    shadow-read-percent: 5
                """);
        assertThat(config.target().shardNames()).containsExactly("ds0", "ds1");
        TableRule card = config.target().table("bank_card").orElseThrow();
        assertThat(card.shardKey()).isEqualTo("user_id");
        assertThat(card.tablesPerShard()).isEqualTo(2);
        assertThat(card.algorithm()).isEqualTo(ShardAlgorithm.HASH_MOD);
        assertThat(config.target().broadcastTables()).containsExactly("card_bin");
        assertThat(config.target().bindingGroups()).containsExactly(List.of("bank_card", "bank_card_event"));
        assertThat(config.migrations().get("bank-card").phase()).isEqualTo(MigrationPhase.LEGACY_ONLY);
        assertThat(config.migrations().get("bank-card").shadowReadPercent()).isEqualTo(5);
        assertThat(config.controlOrLegacy()).isPresent();
    }

    @Test
    void rangeAndIntervalSettingsAreRead() {
        ShardbridgeConfig config = parse(target("""
                    account: { shard-key: id, tables-per-shard: 2, algorithm: range, boundaries: [100, 200, 300] }
                    event: { shard-key: day, algorithm: interval, interval-start: 2024-01-01, interval-unit: days, interval-amount: 7 }
                """));
        assertThat(config.target().table("account").orElseThrow().boundaries())
                .containsExactly(new BigDecimal("100"), new BigDecimal("200"), new BigDecimal("300"));
        TableRule event = config.target().table("event").orElseThrow();
        assertThat(event.intervalStart()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(event.intervalUnit()).isEqualTo(IntervalUnit.DAYS);
        assertThat(event.intervalAmount()).isEqualTo(7);
    }

    @Test
    void aTypoInAKeyIsNamedWithTheLikelyFix() {
        assertThatThrownBy(() -> parse(target("    card: { shard-kye: user_id, algorithm: mod }\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.tables.card")
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> parse(target("    card: { shard-key: user_id, algoritm: mod, algorithm: mod }\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.tables.card.algoritm")
                .hasMessageContaining("Did you mean 'algorithm'?");
        assertThatThrownBy(() -> parse("targte:\n  shards: {}\n"))
                .hasMessageContaining("targte")
                .hasMessageContaining("Did you mean 'target'?");
    }

    @Test
    void unknownAlgorithmListsTheKnownOnes() {
        assertThatThrownBy(() -> parse(target("    card: { shard-key: user_id, algorithm: consistent-hash }\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.tables.card.algorithm")
                .hasMessageContaining("consistent-hash")
                .hasMessageContaining("mod, hash-mod, range, interval");
    }

    @Test
    void missingShardKeyIsNamed() {
        assertThatThrownBy(() -> parse(target("    card: { algorithm: mod }\n")))
                .hasMessageContaining("target.tables.card.shard-key")
                .hasMessageContaining("shard-key: user_id");
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThatThrownBy(() -> parse(target("""
                    card: { shard-key: user_id, algorithm: mod }
                    card: { shard-key: id, algorithm: mod }
                """)))
                .hasMessageContaining("duplicate key card");
        assertThatThrownBy(() -> parse(target("    card: { shard-key: user_id, algorithm: mod }\n") + "  broadcast-tables: [card]\n"))
                .hasMessageContaining("'card' is also under target.tables");
        assertThatThrownBy(() -> parse(target("    card: { shard-key: user_id, algorithm: mod }\n") + "  broadcast-tables: [bin, bin]\n"))
                .hasMessageContaining("lists 'bin' twice");
        assertThatThrownBy(() -> parse("""
                target:
                  shards:
                    ds0: { url: jdbc:postgresql://h/a }
                    ds1: { url: jdbc:postgresql://h/a }
                """))
                .hasMessageContaining("target.shards.ds1.url")
                .hasMessageContaining("same database as shard 'ds0'");
    }

    @Test
    void rangeNeedsOneBoundaryFewerThanTables() {
        assertThatThrownBy(() -> parse(target("    a: { shard-key: id, tables-per-shard: 2, algorithm: range, boundaries: [10, 20] }\n")))
                .hasMessageContaining("target.tables.a.boundaries")
                .hasMessageContaining("4 physical tables need exactly 3");
        assertThat(parse(target("    a: { shard-key: id, algorithm: range, boundaries: [20] }\n")).target().table("a")).isPresent();
        assertThatThrownBy(() -> parse(target("    a: { shard-key: id, tables-per-shard: 2, algorithm: range, boundaries: [10, 30, 20] }\n")))
                .hasMessageContaining("strictly ascending");
        assertThatThrownBy(() -> parse(target("    a: { shard-key: id, algorithm: mod, boundaries: [10] }\n")))
                .hasMessageContaining("only applies to algorithm range");
    }

    @Test
    void bindingTablesMustShareALayout() {
        assertThatThrownBy(() -> parse(target("""
                    a: { shard-key: u, tables-per-shard: 2, algorithm: mod }
                    b: { shard-key: u, tables-per-shard: 4, algorithm: mod }
                """) + "  binding-tables: [[a, b]]\n"))
                .hasMessageContaining("target.binding-tables")
                .hasMessageContaining("sharded differently");
    }

    @Test
    void migrationsNeedKnownTablesAndPhases() {
        String base = "legacy: { url: jdbc:postgresql://h/legacy }\n" + target("    card: { shard-key: u, algorithm: mod }\n");
        assertThatThrownBy(() -> parse(base + "migrations:\n  m: { tables: [cards] }\n"))
                .hasMessageContaining("migrations.m.tables")
                .hasMessageContaining("'cards' is not under target.tables");
        assertThatThrownBy(() -> parse(base + "migrations:\n  m: { tables: [card], phase: LIVEISH }\n"))
                .hasMessageContaining("migrations.m.phase")
                .hasMessageContaining("LEGACY_ONLY, DUAL_WRITE, SHADOW, LIVE, RAMP_DOWN, TARGET_ONLY");
    }

    @Test
    void theKeyBlockSizeHasADefaultAndABound() {
        String base = "legacy: { url: jdbc:postgresql://h/legacy }\n" + target("    card: { shard-key: u, algorithm: mod }\n");
        assertThat(parse(base + "migrations:\n  m: { tables: [card] }\n").migrations().get("m").keyBlockSize()).isEqualTo(1000);
        assertThat(parse(base + "migrations:\n  m: { tables: [card], key-block-size: 50 }\n").migrations().get("m").keyBlockSize()).isEqualTo(50);
        assertThatThrownBy(() -> parse(base + "migrations:\n  m: { tables: [card], key-block-size: 0 }\n"))
                .hasMessageContaining("migrations.m.key-block-size");
    }

    @Test
    void theCaptureModeIsStatementUnlessLogicalIsAskedFor() {
        String base = "legacy: { url: jdbc:postgresql://h/legacy }\n" + target("    card: { shard-key: u, algorithm: mod }\n");
        assertThat(parse(base + "migrations:\n  m: { tables: [card] }\n").migrations().get("m").outsideWrites().capture())
                .isEqualTo(CaptureMode.STATEMENT);
        assertThat(parse(base + "migrations:\n  m: { tables: [card], capture: logical }\n").migrations().get("m").outsideWrites().capture())
                .isEqualTo(CaptureMode.LOGICAL);
        assertThatThrownBy(() -> parse(base + "migrations:\n  m: { tables: [card], capture: wal }\n"))
                .hasMessageContaining("migrations.m.capture")
                .hasMessageContaining("use statement");
        assertThatThrownBy(() -> parse(base + "migrations:\n  m: { tables: [card], capture: logical, catch-up: false }\n"))
                .hasMessageContaining("migrations.m.capture")
                .hasMessageContaining("catch-up is false");
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertThatThrownBy(() -> parse("target:\n  shards: [unclosed\n  tables: {}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.yaml is not valid YAML at line");
        assertThatThrownBy(() -> parse(""))
                .hasMessageContaining("empty");
    }

    @Test
    void mixedEnginesAndUnknownUrlsAreRefused() {
        assertThatThrownBy(() -> parse("""
                target:
                  shards:
                    ds0: { url: "jdbc:postgresql://h/a" }
                    ds1: { url: "jdbc:mysql://h/b" }
                """)).hasMessageContaining("target.shards.ds1.url").hasMessageContaining("all shards must use one engine");
        assertThatThrownBy(() -> parse("target:\n  shards:\n    ds0: { url: 'jdbc:oracle:thin:@h' }\n"))
                .hasMessageContaining("target.shards.ds0.url");
    }

    @Test
    void placeholdersComeFromTheEnvironmentOrTheirDefault() {
        System.setProperty("SB_TEST_SHARD_DB", "from_property");
        ShardbridgeConfig config = parse("""
                target:
                  shards:
                    ds0: { url: "jdbc:postgresql://${SB_TEST_NO_SUCH_HOST:localhost}/${SB_TEST_SHARD_DB}" }
                """);
        assertThat(config.target().shards().get("ds0").url()).isEqualTo("jdbc:postgresql://localhost/from_property");
        assertThatThrownBy(() -> parse("target:\n  shards:\n    ds0: { url: '${SB_TEST_UNSET_VAR}' }\n"))
                .hasMessageContaining("SB_TEST_UNSET_VAR");
    }

    @Test
    void passwordsNeverAppearInDescriptions() {
        ShardbridgeConfig config = parse(target("    card: { shard-key: u, algorithm: mod }\n"));
        DatabaseEndpoint ds0 = config.target().shards().get("ds0");
        assertThat(ds0.toString()).doesNotContain("s3cret");
        DatabaseEndpoint withUrlSecret = new DatabaseEndpoint("jdbc:postgresql://h/db?user=a&password=hunter2&ssl=true", "a", "", 1);
        assertThat(withUrlSecret.safeUrl()).doesNotContain("hunter2").contains("ssl=true");
    }

    @Test
    void controlTimingHasDefaultsAndMayBeSetWithoutAControlDatabase() {
        String legacy = "legacy: { url: \"jdbc:postgresql://127.0.0.1:5432/legacy\" }\n";
        ShardbridgeConfig defaults = parse(legacy + target("    card: { shard-key: user_id, algorithm: mod }\n"));
        assertThat(defaults.timing()).isEqualTo(ShardbridgeConfig.ControlTiming.DEFAULT);
        assertThat(defaults.control()).isEmpty();
        ShardbridgeConfig tuned = parse(legacy + "control: { heartbeat-ms: 250, instance-dead-after-ms: 5000 }\n"
                + target("    card: { shard-key: user_id, algorithm: mod }\n"));
        assertThat(tuned.timing().heartbeat()).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(tuned.timing().deadAfter()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(tuned.control()).as("no url: the control store stays legacy").isEmpty();
        assertThatThrownBy(() -> parse(legacy + "control: { heartbeat-ms: 1000, instance-dead-after-ms: 2000 }\n"
                + target("    card: { shard-key: user_id, algorithm: mod }\n")))
                .hasMessageContaining("control.instance-dead-after-ms").hasMessageContaining("four heartbeats");
        assertThatThrownBy(() -> parse(legacy + "control: { heartbeat: 100 }\n" + target("    card: { shard-key: user_id, algorithm: mod }\n")))
                .hasMessageContaining("heartbeat");
    }

    @Test
    void theFastPathIsOnUnlessTurnedOff() {
        String card = "    card: { shard-key: user_id, algorithm: mod }\n";
        assertThat(parse(target(card)).target().fastPath()).isTrue();
        assertThat(parse(target(card)).target().subqueryGuard()).isTrue();
        assertThat(parse(target(card).replace("  dialect: postgresql\n", "  dialect: postgresql\n  subquery-guard: false\n")).target().subqueryGuard()).isFalse();
        assertThat(parse(target(card).replace("  dialect: postgresql\n", "  dialect: postgresql\n  fast-path: false\n")).target().fastPath()).isFalse();
        assertThatThrownBy(() -> parse(target(card).replace("  dialect: postgresql\n", "  dialect: postgresql\n  fast-path: maybe\n")))
                .hasMessageContaining("target.fast-path").hasMessageContaining("true or false");
    }

    @Test
    void crossShardTransactionsAndTheLockTimeoutAreRead() {
        String card = "    card: { shard-key: user_id, algorithm: mod }\n";
        assertThat(parse(target(card)).target().crossShardTransactions()).isNull(); // decided at start-up from the shards
        assertThat(parse(target(card)).target().lockTimeoutMillis()).isEqualTo(5000);
        String set = target(card).replace("  dialect: postgresql\n", "  dialect: postgresql\n  cross-shard-transactions: refuse\n  lock-timeout-ms: 1500\n");
        assertThat(parse(set).target().crossShardTransactions()).isEqualTo(CrossShardTransactions.REFUSE);
        assertThat(parse(set).target().lockTimeoutMillis()).isEqualTo(1500);
        assertThatThrownBy(() -> parse(target(card).replace("  dialect: postgresql\n", "  dialect: postgresql\n  cross-shard-transactions: xa\n")))
                .hasMessageContaining("target.cross-shard-transactions").hasMessageContaining("atomic").hasMessageContaining("refuse");
    }

    @Test
    void aPlansFileIsReadWithTheTableRuleChecks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path plans = dir.resolve("plans.yaml");
        java.nio.file.Files.writeString(plans, """
                table: card
                plans:
                  by-id: { shards: 4, shard-key: card_id, tables-per-shard: 2, algorithm: hash-mod }
                  by-range: { shard-key: card_id, algorithm: range, boundaries: [100] }
                """);
        CandidatePlans read = ShardbridgeConfigLoader.loadPlans(plans);
        assertThat(read.table()).isEqualTo("card");
        assertThat(read.plans()).extracting(CandidatePlans.Plan::name).containsExactly("by-id", "by-range");
        assertThat(read.plans().get(0).physicalTables()).isEqualTo(8);
        assertThat(read.plans().get(1).shards()).isEqualTo(2);
        java.nio.file.Files.writeString(plans, "table: card\nplans:\n  p: { shards: 2, shard-key: card_id, algorithm: range, boundaries: [1, 2] }\n");
        assertThatThrownBy(() -> ShardbridgeConfigLoader.loadPlans(plans)).hasMessageContaining("plans.p.boundaries").hasMessageContaining("exactly 1");
        java.nio.file.Files.writeString(plans, "table: card\n");
        assertThatThrownBy(() -> ShardbridgeConfigLoader.loadPlans(plans)).hasMessageContaining("plans").hasMessageContaining("at least one plan");
    }

    @Test
    void columnTypesOverrideTheMysqlMappingPerColumn() {
        ShardbridgeConfig config = parse(target("""
                    ledger: { shard-key: id, algorithm: mod, column-types: { tags: json, span: TEXT } }
                """));
        TableRule rule = config.target().table("ledger").orElseThrow();
        assertThat(rule.columnType("tags")).contains("json");
        assertThat(rule.columnType("span")).contains("text");
        assertThat(rule.columnType("id")).isEmpty();
        assertThatThrownBy(() -> parse(target("""
                    ledger: { shard-key: id, algorithm: mod, column-types: { tags: varchar } }
                """))).hasMessageContaining("target.tables.ledger.column-types.tags").hasMessageContaining("choose json");
    }
}
