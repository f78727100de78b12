package io.shardbridge.sharding;

/**
 * A range of shard-key values from a predicate such as {@code BETWEEN} or {@code >=}. A null bound is
 * unbounded on that side.
 */
public record KeyRange(Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive) {
    public static KeyRange all() {
        return new KeyRange(null, false, null, false);
    }
}
