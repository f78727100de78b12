/**
 * Capture of the rows a write touched (DESIGN §5): keys by RETURNING or a locking read before the write, row
 * images read back by key inside the caller's transaction, and the in-memory results handed to the caller in place
 * of the driver's.
 *
 * <p>It may import: {@code bridge.intent}, {@code bridge.row}, {@code bridge.sql}, {@code config}, {@code schema},
 * {@code sharding} and {@code sharding.shardingsphere}.
 */
package io.shardbridge.bridge.capture;
