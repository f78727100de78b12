package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.ShardbridgeException;
import io.shardbridge.concurrent.ManualTicker;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.config.ShardbridgeConfigLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder refuses a bad or conflicting setting where it is set, naming the setting and the fix; no database is opened. */
class BridgeDataSourceBuilderTest {
    private static final ShardbridgeConfig CONFIG = ShardbridgeConfigLoader.parse("""
            legacy: { url: "jdbc:postgresql://127.0.0.1:1/legacy", username: app }
            target:
              shards:
                ds0: { url: "jdbc:postgresql://127.0.0.1:1/ds0", username: app }
              tables:
                t: { shard-key: id, algorithm: mod }
            """, "builder-test.yaml");

    private static BridgeDataSource.Builder builder() {
        return BridgeDataSource.builder(CONFIG);
    }

    @Test
    void repairRefusesNegativeOrSubMillisecondIntervalsAndAMinimumAgeWithRepairOff() {
        assertThatThrownBy(() -> builder().repair(Duration.ofSeconds(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repair interval").hasMessageContaining("Duration.ZERO");
        assertThatThrownBy(() -> builder().repair(Duration.ofNanos(500_000), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repair interval").hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> builder().repair(Duration.ofSeconds(5), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repair minAge");
        assertThatThrownBy(() -> builder().repair(Duration.ZERO, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repair minAge PT10S has no effect")
                .hasMessageContaining("repair(Duration.ZERO, Duration.ZERO)");
        assertThatThrownBy(() -> builder().repair(null, Duration.ZERO)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("repair interval");
    }

    @Test
    void repairAcceptsOffAndAnyPositiveIntervalWithAnyAge() {
        assertThatCode(() -> builder().repair(Duration.ZERO, Duration.ZERO)).doesNotThrowAnyException();
        assertThatCode(() -> builder().repair(Duration.ofHours(1), Duration.ZERO)).doesNotThrowAnyException();
        assertThatCode(() -> builder().repair(Duration.ofMillis(1), Duration.ofSeconds(10))).doesNotThrowAnyException();
    }

    @Test
    void controlTimingNamesWhichOfItsTwoValuesIsWrong() {
        assertThatThrownBy(() -> builder().controlTiming(Duration.ZERO, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeatInterval must be at least 1 ms");
        assertThatThrownBy(() -> builder().controlTiming(Duration.ofNanos(10), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heartbeatInterval must be at least 1 ms");
        assertThatThrownBy(() -> builder().controlTiming(Duration.ofMillis(100), Duration.ofMillis(399)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instanceDeadAfter PT0.399S")
                .hasMessageContaining("four heartbeat intervals").hasMessageContaining("raise instanceDeadAfter");
        assertThatCode(() -> builder().controlTiming(Duration.ofMillis(50), Duration.ofSeconds(2))).doesNotThrowAnyException();
    }

    @Test
    void countsAndDurationsOutOfRangeAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> builder().mirrorThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mirrorThreads must be at least 1, was 0");
        assertThatThrownBy(() -> builder().drainOnClose(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("drainOnClose must not be negative").hasMessageContaining("Duration.ZERO closes without draining");
        assertThatThrownBy(() -> builder().censusWindow(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("censusWindow must be positive");
    }

    @Test
    void anInstanceIdMustFitTheControlStore() {
        assertThatThrownBy(() -> builder().instanceId(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instanceId must not be blank");
        assertThatThrownBy(() -> builder().instanceId("i".repeat(201))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instanceId is 201 characters").hasMessageContaining("at most 200");
        assertThatCode(() -> builder().instanceId("i".repeat(200))).doesNotThrowAnyException();
    }

    @Test
    void nullCollaboratorsAreRefusedWithTheDefaultNamed() {
        assertThatThrownBy(() -> builder().meterRegistry(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("meterRegistry").hasMessageContaining("leave it unset");
        assertThatThrownBy(() -> builder().ticker(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("Ticker.system()");
        assertThatThrownBy(() -> builder().legacyDataSource(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("legacyDataSource");
        assertThatThrownBy(() -> builder().target(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("target");
        assertThatThrownBy(() -> builder().shadowSampler(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("shadowSampler");
        assertThatThrownBy(() -> builder().mirrorDataSourceWrapper(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("mirrorDataSourceWrapper");
    }

    @Test
    void aConfigurationWithoutLegacyIsRefusedAtOnce() {
        ShardbridgeConfig targetOnly = ShardbridgeConfigLoader.parse("""
                target:
                  shards:
                    ds0: { url: "jdbc:postgresql://127.0.0.1:1/ds0", username: app }
                  tables:
                    t: { shard-key: id, algorithm: mod }
                """, "target-only.yaml");
        assertThatThrownBy(() -> BridgeDataSource.builder(targetOnly)).isInstanceOf(ShardbridgeException.class).hasMessageContaining("legacy:");
    }

    @Test
    void defaultsAreResolvedWithoutTheGlobalMeterRegistry() {
        BridgeSettings defaults = builder().settings();
        assertThat(defaults.registry()).isNotNull().isNotSameAs(Metrics.globalRegistry);
        assertThat(defaults.closeDrain()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.instanceId()).contains("@");
        assertThat(builder().repair(Duration.ZERO, Duration.ZERO).settings().closeDrain()).as("no background repair: close at once")
                .isEqualTo(Duration.ZERO);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualTicker ticker = new ManualTicker();
        BridgeSettings chosen = builder().meterRegistry(registry).ticker(ticker).instanceId("a").settings();
        assertThat(chosen.registry()).isSameAs(registry);
        assertThat(chosen.ticker()).isSameAs(ticker);
        assertThat(chosen.instanceId()).isEqualTo("a");
    }
}
