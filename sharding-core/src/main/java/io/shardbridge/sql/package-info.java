/**
 * ShardingSphere's SQL parser used standalone: parsed statements and the tables each reads and writes, for the
 * fast path, the subquery guard, the migration layer's classifier and the CLI's inventory.
 *
 * <p>It may import: {@code config}, ShardingSphere's parser and ANTLR's runtime.
 */
package io.shardbridge.sql;
