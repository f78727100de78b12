package io.shardbridge.bridge.jdbc;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.target.ShardedTarget;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * A {@link BridgeDataSource.Builder}'s settings, validated and with every default resolved, as
 * {@link BridgeAssembly} reads them. See the builder's setters for what each means.
 *
 * @param legacy     a legacy DataSource handed in (the caller closes it), or null to open a pool from {@code legacy:}
 * @param target     an open target handed in (the caller closes it), or null to open one from {@code target:}
 * @param closeDrain how long {@code close()} may drain pending intents (zero: not at all)
 */
record BridgeSettings(ShardbridgeConfig config, MeterRegistry registry, BiFunction<String, DataSource, DataSource> mirrorWrapper,
                      DataSource legacy, ShardedTarget target, Duration repairInterval, Duration repairMinAge, Duration closeDrain,
                      IntSupplier shadowSampler, int mirrorThreads, Duration heartbeat, Duration deadAfter, boolean requireBackfillBeforeReads,
                      boolean readinessGate, Duration censusWindow, String instanceId, boolean catchUpOn, boolean catchUpConsumes,
                      Ticker ticker) {
}
