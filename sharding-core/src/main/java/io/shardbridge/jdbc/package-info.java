/**
 * The JDBC entry points of a sharded target: the {@code jdbc:shardbridge:} driver and the openers it finds by
 * ServiceLoader, the {@code DelegatingDataSource} base, and the parameter retention ShardingSphere's prepared
 * statements lack.
 *
 * <p>It may import: {@code io.shardbridge}, {@code config}, {@code sharding} and its {@code fastpath} and
 * {@code shardingsphere} packages.
 */
package io.shardbridge.jdbc;
