/**
 * Per-unit state at run time: each unit's current phase and the fence that lets a phase move wait for the unit's
 * transactions to drain (a transaction pins the phase it entered with), the unit's mirror target and circuit
 * breaker, and the recent writes its verification rechecks. The control-plane moves (adopt a phase, hold and
 * release the fence, renew contact) are package-private behind {@code UnitControl}, handed to the control plane once.
 *
 * <p>It may import: {@code io.shardbridge}, {@code concurrent}, {@code config}, {@code schema}, {@code sharding},
 * {@code bridge.row}, {@code bridge.intent} (a row's key columns), {@code bridge.mirror}, {@code bridge.metrics}.
 */
package io.shardbridge.bridge.unit;
