/**
 * The row vocabulary every feature speaks, at the bottom of the migration layer: row images and row changes, a
 * key's codec (the text an intent stores) and its bounds and order, routed physical names, the reader that turns
 * a result row into an image, column values and their text forms on each engine (PostgreSQL arrays, temporals
 * and intervals, MySQL's forms, COPY text; a value a column cannot hold is refused, never written wrong), and
 * the chunk sizer that backfill and verify share.
 *
 * <p>It may import: {@code io.shardbridge}, {@code config}, {@code schema}, and pgjdbc's utility types; no other
 * package of the migration layer.
 */
package io.shardbridge.bridge.row;
