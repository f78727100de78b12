/**
 * Key ranges taken by lease (DESIGN §6, §7, §12): the control-store bookkeeping a backfill and a verification
 * pass share — a table's key space split once into ranges, each taken by one worker at a time under a lease
 * renewed with every checkpoint, taken over when its holder stops renewing — and the claim loop over them.
 *
 * <p>It may import: {@code bridge.control}, {@code concurrent} and the JDK.
 */
package io.shardbridge.bridge.lease;
