/**
 * Table definitions and schema provisioning: reads a logical table from the legacy PostgreSQL catalog (or from
 * DDL), and creates its physical tables, indexes and user-defined types on PostgreSQL or MySQL shards, refusing by
 * name the types a MySQL shard cannot hold.
 *
 * <p>It may import: {@code io.shardbridge}, {@code config}, {@code pool} and {@code sharding} (for the shard layout).
 */
package io.shardbridge.schema;
