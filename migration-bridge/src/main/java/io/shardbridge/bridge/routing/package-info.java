/**
 * Per-unit phase state at run time: each unit's current phase and the fence that lets a phase move wait for the
 * unit's transactions to drain; a transaction pins the phase it entered with.
 *
 * <p>It may import: {@code config} only.
 */
package io.shardbridge.bridge.routing;
