package io.shardbridge.benchmarks.catchup;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/** What the two catch-up benchmarks do alike: the measured write, waiting for the stream's consumer, a worker thread. */
final class CatchUpRuns {
    private CatchUpRuns() {
    }

    /** One single-row UPDATE transaction on {@code table}'s row {@code id}. */
    static void update(DataSource ds, String table, long id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET amount = amount + 1 WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
        }
    }

    /** Waits (up to a minute) until {@code unit}'s catch-up has a consumer on an active slot. */
    static void awaitConsumer(BridgeDataSource bridge, String unit) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (bridge.bridge().safetyNet(unit).consumer() == null || !bridge.bridge().safetyNet(unit).slotActive()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the catch-up of " + unit + " did not start: " + bridge.bridge().safetyNet(unit).describe());
            }
            Thread.sleep(100);
        }
    }

    static Thread start(Runnable body) {
        Thread t = new Thread(body, "catch-up-benchmark");
        t.start();
        return t;
    }
}
