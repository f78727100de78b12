/**
 * Readiness (DESIGN §11): the statement census of what the service really sends and how the target would run each
 * shape, MySQL portability findings, the pre-flight checks on legacy's catalog, and the gate they hold on a move
 * that makes the target authoritative.
 *
 * <p>It may import: {@code bridge.control} (the store's schema and the acceptances it keeps), {@code bridge.sql},
 * {@code config}, {@code schema}, {@code sharding.fastpath}, {@code sql}, Caffeine and SLF4J.
 */
package io.shardbridge.bridge.readiness;
