package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.CaptureResult;
import io.shardbridge.bridge.capture.KeyChangeGuard;
import io.shardbridge.bridge.capture.PendingChanges;
import io.shardbridge.bridge.capture.WriteRequest;
import java.sql.SQLException;

/**
 * The entry to capture for one routed write: checks the key change it may make, runs it on the
 * authoritative side through the side's {@link io.shardbridge.bridge.capture.WriteCapture}, and records
 * the rows it wrote in the transaction's captured rows (TARGET_ONLY moves rows and mirrors nothing, so
 * there they are recorded nowhere). {@link CaptureTimings} times it as the unit's {@code capture} stage.
 */
final class StatementCapture {
    private final BridgeRuntime runtime;
    private final BridgeTransaction txn;

    StatementCapture(BridgeRuntime runtime, BridgeTransaction txn) {
        this.runtime = runtime;
        this.txn = txn;
    }

    /** Runs a captured write of {@code route.capture()} on the authoritative side and records its rows. */
    CaptureResult run(Route route, WriteRequest request) throws SQLException {
        KeyChangeGuard.check(route.physical(), runtime.dialect(route.side()), request);
        PendingChanges changes = txn.pinned(route.capture().state()).mirrorsWrites()
                ? txn.pendingFor(route.capture())
                : new PendingChanges(); // TARGET_ONLY moves rows and mirrors nothing
        return runtime.captureFor(route.side(), request.table().name()).execute(route.physical(), request, changes);
    }
}
