/**
 * A unit as an operator sees it (CLI {@code status}, actuator): phase, epoch, flip in progress, backfill, last
 * verification and intents.
 *
 * <p>It may import: {@code bridge.backfill}, {@code bridge.control}, {@code bridge.verify} and {@code config}.
 */
package io.shardbridge.bridge.status;
