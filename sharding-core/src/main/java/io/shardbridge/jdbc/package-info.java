/**
 * The JDBC entry points of a sharded target: the {@code jdbc:shardbridge:} driver and the openers it finds by
 * ServiceLoader, the {@code DelegatingDataSource} base, and the parameter retention ShardingSphere's prepared
 * statements lack.
 *
 * <p>It may import: {@code io.shardbridge}, {@code config}, {@code jdbc.delegate}, {@code pool} (the start-up
 * failure's kind) and {@code target} (the assembled target it opens).
 */
package io.shardbridge.jdbc;
