/**
 * The control plane (DESIGN §4): the control store's unit, instance and history tables, the coordinator that moves
 * a unit one step across every instance by compare-and-set on its epoch, each instance's agent, the fenced
 * authority flip, and the gates a move must pass.
 *
 * <p>It may import: {@code io.shardbridge}, {@code bridge.backfill}, {@code bridge.readiness},
 * {@code bridge.unit}, {@code bridge.verify} (the gates read their records), {@code concurrent}, {@code config} and SLF4J.
 */
package io.shardbridge.bridge.control;
