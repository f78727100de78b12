/**
 * Per-unit state at run time: each unit's current phase and the fence that lets a phase move wait for the unit's
 * transactions to drain (a transaction pins the phase it entered with), the unit's mirror target and circuit
 * breaker, and the recent writes its verification rechecks.
 *
 * <p>It may import: {@code concurrent}, {@code config}, {@code schema}, {@code sharding}, {@code row}, {@code mirror}, {@code metrics}.
 */
package io.shardbridge.bridge.unit;
