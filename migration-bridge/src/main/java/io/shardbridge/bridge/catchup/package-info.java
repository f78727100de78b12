/**
 * The logical-replication catch-up (DESIGN §10): one {@code pgoutput} slot per unit on legacy, consumed by one
 * instance under lease, applying to the target every change shardbridge did not mirror itself, and reporting who
 * wrote outside it.
 *
 * <p>It may import: {@code bridge.control}, {@code bridge.dualwrite}, {@code bridge.intent}, {@code bridge.readiness},
 * {@code bridge.row}, {@code bridge.unit}, {@code concurrent}, {@code config}, {@code schema}, pgjdbc's replication API,
 * Micrometer and SLF4J.
 */
package io.shardbridge.bridge.catchup;
