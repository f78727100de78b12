/**
 * The connection pools of shardbridge: one HikariCP pool per physical database, opened all or none and failing
 * fast with the database named, each shard connection starting with the row-lock wait bound.
 *
 * <p>It may import: {@code io.shardbridge}, {@code concurrent}, {@code config} and HikariCP.
 */
package io.shardbridge.pool;
