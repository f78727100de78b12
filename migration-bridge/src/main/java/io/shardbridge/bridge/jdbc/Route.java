package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.Connection;

/**
 * Where one statement runs and what comes with it.
 *
 * @param physical      the connection of {@code side} to run it on
 * @param capture       the unit whose rows the statement writes and mirrors, or null
 * @param shadow        a unit whose reads are shadowed in {@code shadowPhase}, or null
 * @param internalTxn   the caller is in autocommit, so the layer wraps this statement in its own transaction
 */
record Route(Side side, Connection physical, DualWriteUnit capture, DualWriteUnit shadow, MigrationPhase shadowPhase, boolean internalTxn) {
}
