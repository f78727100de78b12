/**
 * Verification (DESIGN §7): chunk checksums of a canonical row encoding computed inside each database and proven
 * equal to the Java oracle, mismatching ranges bisected to rows, resumable per key range, continuous mode, and the
 * reports.
 *
 * <p>It may import: {@code bridge.control}, {@code bridge.lease}, {@code bridge.row}, {@code bridge.unit},
 * {@code concurrent}, {@code config}, {@code schema}, {@code sharding}, Jackson, Micrometer, pgjdbc's utility types and SLF4J.
 */
package io.shardbridge.bridge.verify;
