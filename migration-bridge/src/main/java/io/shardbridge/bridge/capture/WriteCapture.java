package io.shardbridge.bridge.capture;

import io.shardbridge.config.TargetConfig;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs a write on the authoritative side and records which rows it touched (DESIGN §5): the rows a
 * statement changed must all be known, or the mirror silently misses them.
 */
public interface WriteCapture {
    CaptureResult execute(Connection authoritative, WriteRequest request, PendingChanges pending) throws SQLException;

    /** Capture on legacy PostgreSQL, by RETURNING (see {@link ReturningCapture}). */
    static WriteCapture legacy() {
        return new ReturningCapture();
    }

    /** Capture on the sharded target (see {@link TargetCapture}). */
    static WriteCapture target(TargetConfig target, String generatedKeyColumn) {
        return new TargetCapture(target, generatedKeyColumn);
    }
}
