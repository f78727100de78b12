package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.catchup.OutsideWriteCatchUp;
import io.shardbridge.bridge.control.ControlPlane;
import io.shardbridge.bridge.dualwrite.IntentJanitor;
import io.shardbridge.bridge.dualwrite.MirrorWorkers;
import io.shardbridge.bridge.dualwrite.Repairer;
import io.shardbridge.bridge.metrics.BridgeMetrics;
import io.shardbridge.bridge.readiness.ReadinessReports;
import io.shardbridge.concurrent.Ticker;
import java.util.List;
import javax.sql.DataSource;

/**
 * What {@link BridgeAssembly} hands the {@link Bridge} it opened: the running pieces, and what to close in
 * which order.
 *
 * @param control    the control store's pool (phase history, verification log, checkpoints)
 * @param catchUp    null when the outside-writes catch-up is off
 * @param closeOrder what {@link Bridge#close()} closes, first to last
 */
record BridgeParts(BridgeRuntime runtime, Repairer repairer, IntentJanitor janitor, MirrorWorkers workers, BridgeMetrics metrics,
                   ControlPlane controlPlane, DataSource control, ReadinessReports readiness, boolean readinessGate,
                   OutsideWriteCatchUp catchUp, Ticker ticker, List<AutoCloseable> closeOrder) {
}
