package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.bridge.sql.StatementKind;
import java.util.List;

/**
 * One execution of a routed statement, as {@link ExecutionListener}s see it.
 *
 * @param sql           the text that ran (a plain batch on legacy: its texts joined with "; ")
 * @param kind          what the statement does, or null when it was not parsed (a plain batch of several texts)
 * @param mode          what the caller asked the execution to return
 * @param batch         whether it ran a batch
 * @param route         where it ran
 * @param captured      whether capture ran it (a write whose rows are recorded) rather than the physical statement as it is
 * @param parameterSets the caller's parameters: one set, one per batch entry, or none for a plain statement
 */
record Execution(String sql, StatementKind kind, ResultMode mode, boolean batch, Route route, boolean captured,
                 List<StatementParameters> parameterSets) {
}
