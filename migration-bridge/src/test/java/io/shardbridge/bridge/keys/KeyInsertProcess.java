package io.shardbridge.bridge.keys;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.ShardbridgeConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * A service instance in its own JVM for {@link SequenceKeysContract}: opens the migration layer from a
 * YAML file, prints {@code ready <phase>}, waits for the unit to be LIVE, then inserts rows without their
 * key until the stop file appears (or it is killed), printing {@code id <key>} for each key it got back.
 */
public final class KeyInsertProcess {
    private KeyInsertProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path yaml = Path.of(args[0]);
        Path stopFile = Path.of(args[1]);
        String instance = args[2];
        String table = args[3];
        String unit = args[4];
        try (BridgeDataSource ds = BridgeDataSource.builder(ShardbridgeConfigLoader.load(yaml)).meterRegistry(new SimpleMeterRegistry())
                .instanceId(instance).controlTiming(Duration.ofMillis(50), Duration.ofSeconds(2)).repair(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .open()) {
            System.out.println("ready " + ds.bridge().phase(unit));
            System.out.flush();
            while (ds.bridge().phase(unit) != MigrationPhase.LIVE && !Files.exists(stopFile)) {
                Thread.sleep(10);
            }
            int n = 0;
            while (!Files.exists(stopFile)) {
                try (Connection c = ds.getConnection();
                     PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (user_id, note) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    ps.setLong(1, n++ % 41);
                    ps.setString(2, instance);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        System.out.println("id " + keys.getLong(1));
                        System.out.flush();
                    }
                }
                Thread.sleep(5);
            }
        }
        System.exit(0);
    }
}
