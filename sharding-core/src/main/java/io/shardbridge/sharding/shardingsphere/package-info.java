/**
 * The one package of sharding-core that builds and drives ShardingSphere-JDBC 5.5.2: the rule YAML, the sharding
 * algorithm over a shard layout, the metadata repository, generated keys, and the hooks into its connection
 * manager.
 *
 * <p>It may import: {@code io.shardbridge}, {@code config}, {@code pool}, {@code sharding},
 * {@code sql}, ShardingSphere-JDBC, HikariCP and Guava (as ShardingSphere's API needs it).
 */
package io.shardbridge.sharding.shardingsphere;
