package io.shardbridge.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a shard-key value picks its physical table. */
public enum ShardAlgorithm {
    /** Integer key modulo the number of physical tables. */
    MOD("mod"),
    /** A stable 64-bit hash of the key (integers, strings, UUIDs) modulo the number of physical tables. */
    HASH_MOD("hash-mod"),
    /** Ascending {@code boundaries}: physical table i holds keys in [boundary(i-1), boundary(i)). */
    RANGE("range"),
    /** A date/timestamp key: one physical table per interval, wrapping round the physical tables. */
    INTERVAL("interval");

    private final String configName;

    ShardAlgorithm(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static ShardAlgorithm parse(String path, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ShardAlgorithm algorithm : values()) {
            if (algorithm.configName.equals(wanted)) {
                return algorithm;
            }
        }
        throw new ConfigException(path, "unknown algorithm '" + text + "'; use one of "
                + Arrays.stream(values()).map(ShardAlgorithm::configName).collect(Collectors.joining(", ")));
    }
}
