/**
 * The {@code shardbridge} command line (picocli): one command class per verb, those that work on a unit built on
 * {@code BridgeCommand}, which loads the configuration and opens the migration layer for a one-off command.
 *
 * <p>It may import: {@code bridge.backfill}, {@code bridge.jdbc}, {@code bridge.readiness}, {@code bridge.verify},
 * {@code config}, {@code pool}, {@code schema}, the CLI's {@code inventory}, {@code planbench} and {@code report}
 * packages, picocli and Jackson.
 */
package io.shardbridge.cli;
