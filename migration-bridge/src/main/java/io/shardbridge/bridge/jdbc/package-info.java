/**
 * The JDBC surface a service links against during a migration: {@link io.shardbridge.bridge.jdbc.BridgeDataSource}
 * and its connections, statements and result sets, which route each statement by phase, run the two-sided
 * transaction and hand writes to capture and the dual write; it assembles every other package of the module.
 *
 * <p>It may import: every {@code bridge.*} package, {@code io.shardbridge}, {@code config}, {@code jdbc},
 * {@code pool}, {@code schema}, {@code sharding}, {@code sharding.shardingsphere}, pgjdbc's extension API,
 * Caffeine, Micrometer and SLF4J.
 */
package io.shardbridge.bridge.jdbc;
