package io.shardbridge.bridge.control;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.ShardbridgeConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Random;

/**
 * A service instance in its own JVM, for {@link SeparateProcessesIT}: opens the migration layer from a
 * YAML file, prints {@code ready}, writes to {@code coord_row} until the stop file appears, then prints
 * what it saw and exits (status 0 when no write failed).
 */
public final class InstanceProcess {
    private InstanceProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path yaml = Path.of(args[0]);
        Path stopFile = Path.of(args[1]);
        String instance = args[2];
        int writes = 0;
        int failures = 0;
        try (BridgeDataSource ds = BridgeDataSource.builder(ShardbridgeConfigLoader.load(yaml)).meterRegistry(new SimpleMeterRegistry())
                .instanceId(instance).controlTiming(Duration.ofMillis(50), Duration.ofSeconds(2)).repair(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .outsideWriteCatchUp(false).open()) {
            System.out.println("ready " + ds.bridge().phase(CoordinatedCluster.UNIT));
            Random random = new Random(instance.hashCode());
            long slowest = 0;
            while (!Files.exists(stopFile)) {
                long started = System.nanoTime();
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "UPDATE coord_row SET val = val + 1, note = ? WHERE id = ?")) {
                    ps.setString(1, instance);
                    ps.setLong(2, 1 + random.nextInt(3000));
                    ps.executeUpdate();
                    writes++;
                    slowest = Math.max(slowest, System.nanoTime() - started);
                } catch (SQLException e) {
                    failures++;
                    System.out.println("failed: " + e);
                }
                Thread.sleep(2);
            }
            ds.bridge().awaitMirrored();
            System.out.printf("done writes=%d failures=%d slowest_ms=%d phase=%s%n", writes, failures, slowest / 1_000_000, ds.bridge().phase(CoordinatedCluster.UNIT));
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
