/**
 * The dual write's meters per unit and the service's own commit latency, the signal the backfill backs off on.
 *
 * <p>It may import: {@code concurrent}, {@code sharding.fastpath} (for its counters) and Micrometer; no feature
 * package: a unit's state reaches its gauges through plain suppliers its owner registers.
 */
package io.shardbridge.bridge.metrics;
