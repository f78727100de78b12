/**
 * The mirror side: row images and row changes, and how they are written to the mirror in its own dialect (upserts
 * and deletes by key, COPY text, MySQL's forms of PostgreSQL values) inside one mirror transaction across the
 * shards; values a column cannot hold are refused, never written wrong.
 *
 * <p>It may import: {@code io.shardbridge}, {@code config}, {@code schema}, {@code sharding}, Jackson and pgjdbc's
 * utility types.
 */
package io.shardbridge.bridge.mirror;
