/**
 * The backfill (DESIGN §6): keyset chunks of the authoritative side copied to the mirror under a share lock,
 * checkpointed per key range and shared by lease between workers and processes, sized to a time target and backing
 * off when the service slows.
 *
 * <p>It may import: {@code bridge.control}, {@code bridge.lease}, {@code bridge.mirror}, {@code bridge.row},
 * {@code bridge.unit}, {@code bridge.verify}, {@code concurrent}, {@code config}, {@code schema} and SLF4J.
 */
package io.shardbridge.bridge.backfill;
