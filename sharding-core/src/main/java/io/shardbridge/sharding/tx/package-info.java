/**
 * Transactions that span shards (DESIGN §12): one-phase commit when at most one shard wrote, else two-phase commit
 * (PostgreSQL {@code PREPARE TRANSACTION}, MySQL {@code XA}) with the decision logged on an anchor shard and
 * recovered by any instance, or refusal at the first write to a second shard.
 *
 * <p>It may import: {@code io.shardbridge}, {@code concurrent}, {@code config}, {@code jdbc.delegate}, {@code sharding.shardingsphere} and
 * pgjdbc's core types.
 */
package io.shardbridge.sharding.tx;
