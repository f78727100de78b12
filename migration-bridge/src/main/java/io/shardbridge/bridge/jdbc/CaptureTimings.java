package io.shardbridge.bridge.jdbc;

/**
 * The "capture" stage of a unit's dual-write metrics: how long a captured write took on the authoritative
 * side (its key-change check, its locking read or RETURNING, the write and the row images recorded).
 * Failed writes are not timed.
 */
final class CaptureTimings implements ExecutionListener {
    @Override
    public void afterExecution(Execution execution, long elapsedNanos, Throwable error) {
        if (error == null && execution.captured()) {
            execution.route().capture().meters().stage("capture", elapsedNanos);
        }
    }
}
