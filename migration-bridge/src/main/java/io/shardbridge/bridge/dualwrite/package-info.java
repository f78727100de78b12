/**
 * The dual write (DESIGN §5): intents recorded in the authoritative transaction, the mirror transaction applied
 * before the authoritative commit and committed after it, the circuit breaker and mirror workers, and the repairer
 * that drains leftover intents.
 *
 * <p>It may import: {@code bridge.capture}, {@code bridge.intent}, {@code bridge.metrics}, {@code bridge.mirror},
 * {@code bridge.row}, {@code bridge.unit}, {@code concurrent}, {@code config}, {@code schema}, {@code sharding},
 * {@code sharding.shardingsphere}, pgjdbc's core types and SLF4J.
 */
package io.shardbridge.bridge.dualwrite;
