/**
 * What the migration layer knows of a statement before it runs: its kind, tables and shape, read once per SQL text
 * from ShardingSphere's parser (the one package of migration-bridge that touches the parser's types), and the
 * positions its few text edits use.
 *
 * <p>It may import: {@code config}, {@code sql}, ShardingSphere's parser and Caffeine.
 */
package io.shardbridge.bridge.sql;
