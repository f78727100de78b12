/**
 * Sequence keys once the target is authoritative (DESIGN §5): finds legacy's sequence-filled columns, hands out
 * keys from one shared space in blocks reserved in the control store, fills the INSERTs that leave such a key out,
 * and moves legacy's sequences past them on the way back.
 *
 * <p>It may import: {@code bridge.capture}, {@code bridge.control} (the store's schema), {@code bridge.sql},
 * {@code config}, {@code schema}, {@code sql}, Caffeine and SLF4J.
 */
package io.shardbridge.bridge.keys;
