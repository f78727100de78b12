package io.shardbridge.bridge.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.config.ShardbridgeConfig;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A unit's replication slot on legacy, as the catch-up tests see it: exists, awaited, and dropped when a killed run left it. */
final class LegacySlots {
    private LegacySlots() {
    }

    /** Slot creation waits for every transaction open on the server (other suites run on it too). */
    static void await(String slot) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!exists(slot) && System.nanoTime() < deadline) {
            pause(200);
        }
        assertThat(exists(slot)).as("slot %s exists from DUAL_WRITE on", slot).isTrue();
    }

    static boolean exists(String slot) throws SQLException {
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY);
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The slot and publication an earlier, killed run left behind for this unit and control store (never another run's). */
    static void dropLeftOver(Statement st, ShardbridgeConfig config, String unit) throws SQLException {
        String slot = SlotNames.of(SlotNames.database(config.legacy().orElseThrow().url()),
                config.control().map(c -> c.url()).orElse(config.legacy().orElseThrow().url()), unit).slot();
        st.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND active_pid IS NOT NULL");
        pause(200);
        st.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
        st.execute("DROP PUBLICATION IF EXISTS " + slot);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
