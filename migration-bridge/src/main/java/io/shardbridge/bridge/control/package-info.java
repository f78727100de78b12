/**
 * The control plane (DESIGN §4) and the control store it owns: every table of the store created and versioned in
 * one step ({@code ControlSchema}), the unit, instance and history records, the coordinator that moves a unit one
 * step across every instance by compare-and-set on its epoch, each instance's agent (which alone holds the units'
 * control handles), the fenced authority flip, and the gates a move must pass, which read the records the features
 * keep in the store (backfill progress, verification reports, acceptances) from the store itself.
 *
 * <p>It may import: {@code io.shardbridge}, {@code bridge.unit}, {@code bridge.metrics} (the latency reading it
 * publishes), {@code concurrent}, {@code config} and SLF4J; no feature package — they import it.
 */
package io.shardbridge.bridge.control;
