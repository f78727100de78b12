package io.shardbridge.bridge.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.ShardbridgeException;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.bridge.testing.TcpForwarder;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfigLoader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, item 6: an instance starts while target shard ds1 refuses connections (a real TCP port
 * with nothing listening, switched on later). In DUAL_WRITE, where legacy is authoritative, the service
 * must start, serve from legacy, keep what the target missed as intents, open the target once it is
 * back and converge by itself. From LIVE on the target is authoritative: start-up fails, naming the
 * shard and the unit.
 */
abstract class TargetDownAtStartContract {
    private static final String UNIT = "fault";
    private static final Pattern DS1_URL = Pattern.compile("(ds1: \\{ url: \"jdbc:[a-z]+://)127\\.0\\.0\\.1:(\\d+)/");

    BridgeFixture fixture;
    TcpForwarder ds1;
    BridgeDataSource instance;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws Exception {
        fixture = BridgeFixture.get(dialect());
        fixture.reset(UNIT, MigrationPhase.DUAL_WRITE, "fault_row");
        Matcher m = DS1_URL.matcher(fixture.yamlText());
        assertThat(m.find()).as("ds1's URL in the fixture's YAML").isTrue();
        ds1 = TcpForwarder.refusing(Integer.parseInt(m.group(2)));
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (instance != null) {
            instance.close();
        }
        ds1.close();
        fixture.walk(UNIT, MigrationPhase.DUAL_WRITE);
    }

    private BridgeDataSource open() {
        return open(DS1_URL.matcher(fixture.yamlText()).replaceFirst("$1127.0.0.1:" + ds1.port() + "/"));
    }

    private BridgeDataSource open(String fixtureYaml) {
        String yaml = fixtureYaml.replaceFirst("target:\n", "target:\n  connect-timeout-seconds: 2\n");
        // this unit only: another suite may have left its own unit where the target is authoritative (which rightly stops start-up)
        int migrations = yaml.indexOf("migrations:\n") + "migrations:\n".length();
        yaml = yaml.substring(0, migrations) + yaml.substring(migrations).lines().filter(l -> l.startsWith("  " + UNIT + ":")).findFirst()
                .orElseThrow() + "\n";
        return BridgeDataSource.builder(ShardbridgeConfigLoader.parse(yaml, "target-down.yaml"))
                .meterRegistry(new SimpleMeterRegistry())
                .requireBackfillBeforeReads(false)
                .readinessGate(false)
                .shadowSampler(() -> 0)
                .outsideWriteCatchUp(false)
                .open();
    }

    @Test
    void inDualWriteTheServiceStartsOnLegacyAndConvergesOnceTheShardIsBack() throws Exception {
        instance = open();
        for (long id = 1; id <= 40; id++) {
            write("INSERT INTO fault_row (id, user_id, val) VALUES (?, ?, ?)", id, id, id);
        }
        write("UPDATE fault_row SET val = val + 100 WHERE id <= ?", 10);
        write("DELETE FROM fault_row WHERE id > ?", 35);
        assertThat(fixture.legacyRows("fault_row")).hasSize(35);
        assertThat(instance.bridge().pendingIntents(UNIT)).as("what the target missed, kept for repair").isPositive();

        ds1.accept(); // the shard is back: the instance opens the target in the background and repairs
        long started = System.nanoTime();
        while (!converged() && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120)) {
            Thread.sleep(200);
        }
        assertThat(instance.bridge().pendingIntents(UNIT)).as("intents left after the target opened").isZero();
        assertThat(fixture.targetRows("fault_row")).containsExactlyElementsOf(fixture.legacyRows("fault_row"));

        write("UPDATE fault_row SET val = val + 1 WHERE id = ?", 1); // and the mirror works as usual from here on
        instance.bridge().awaitMirrored();
        assertThat(fixture.targetRows("fault_row")).containsExactlyElementsOf(fixture.legacyRows("fault_row"));
    }

    @Test
    void fromLiveOnAnUnreachableShardStopsStartUpNamingItAndTheUnit() throws SQLException {
        fixture.walk(UNIT, MigrationPhase.LIVE);
        assertThatThrownBy(this::open).isInstanceOf(ShardbridgeException.class)
                .hasMessageContaining("ds1").hasMessageContaining(UNIT).hasMessageContaining("LIVE");
    }

    @Test
    void refusedCredentialsOnAShardStopStartUpEvenWhereLegacyIsAuthoritative() {
        // the server answers, and says no: retrying in the background would only hide a wrong YAML until the flip to LIVE
        String wrongUser = fixture.yamlText().replaceFirst("(ds1: \\{ url: \"[^\"]+\", username: )[^,]+,", "$1sb_no_such_user,");
        assertThat(wrongUser).as("ds1's user in the fixture's YAML").contains("username: sb_no_such_user");
        assertThatThrownBy(() -> instance = open(wrongUser)).isInstanceOf(ShardbridgeException.class)
                .hasMessageContaining("shard ds1").hasMessageContaining("refused the credentials").hasMessageContaining("[SQLState 28");
    }

    private boolean converged() throws SQLException {
        return instance.bridge().pendingIntents(UNIT) == 0 && fixture.targetRows("fault_row").equals(fixture.legacyRows("fault_row"));
    }

    private void write(String sql, long... values) throws SQLException {
        try (Connection c = instance.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setLong(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }
}
