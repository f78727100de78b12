/**
 * The mirror side: how row changes are written to the mirror in its own dialect (upserts and deletes by key, COPY
 * text) inside one mirror transaction across the shards.
 *
 * <p>It may import: {@code io.shardbridge}, {@code config}, {@code schema}, {@code sharding}, {@code row}.
 */
package io.shardbridge.bridge.mirror;
