/**
 * The dual write's meters per unit and the service's own commit latency, the signal the backfill backs off on.
 *
 * <p>It may import: {@code bridge.dualwrite}, {@code bridge.unit}, {@code concurrent}, {@code sharding.fastpath} (for its counters)
 * and Micrometer.
 */
package io.shardbridge.bridge.metrics;
