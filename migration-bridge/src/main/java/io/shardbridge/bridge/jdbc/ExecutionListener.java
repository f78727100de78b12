package io.shardbridge.bridge.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Observes the routed statements' executions without taking part in them: timing, metrics, shadow reads.
 * Every method has a no-op default, so a listener writes only what it needs. Listeners are called through
 * {@link ExecutionListeners}, which keeps one that fails away from the caller's statement.
 */
interface ExecutionListener {
    /** Before the execution runs, once it is routed. */
    default void beforeExecution(Execution execution) {
    }

    /**
     * After it ran, whether it succeeded or not.
     *
     * @param elapsedNanos the time it took, from just after {@link #beforeExecution}
     * @param error        what it threw, or null when it succeeded
     */
    default void afterExecution(Execution execution, long elapsedNanos, Throwable error) {
    }

    /**
     * The result set a query answered, before the caller gets it: a listener may hand back a wrapper that
     * follows the rows the caller reads (it must answer as the result set it wraps does).
     */
    default ResultSet resultSet(Execution execution, ResultSet resultSet) throws SQLException {
        return resultSet;
    }
}
