package io.shardbridge.bridge.catchup;

import io.shardbridge.bridge.intent.IntentTable;
import io.shardbridge.concurrent.Ticker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The unit's publication and logical replication slot on legacy, through plain SQL: whether legacy can
 * have them at all, creating them, dropping them (terminating a consumer that still holds the slot),
 * and how much WAL the slot keeps. A slot nobody consumes keeps every WAL segment from its position on
 * and fills legacy's disk: everything that ends the unit's use of the slot drops it through here.
 */
final class LegacySlot {
    /** Slot creation waits for every transaction running on the server to end; never wait longer than this. */
    private static final int CREATE_TIMEOUT_MS = 10_000;
    /** How long a transaction streamed as committed may stay invisible on legacy before that is an error. */
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(30);
    /** Between attempts to drop a slot whose terminated consumer has not exited yet. */
    private static final Duration DROP_RETRY = Duration.ofMillis(100);

    /** What pg_replication_slots says about the slot. */
    record Health(boolean active, long retainedBytes, long lagBytes, long confirmedLsn) {
    }

    private final DataSource legacy;
    private final SlotNames names;
    private final Ticker ticker;

    LegacySlot(DataSource legacy, SlotNames names, Ticker ticker) {
        this.legacy = legacy;
        this.names = names;
        this.ticker = ticker;
    }

    SlotNames names() {
        return names;
    }

    /** Why legacy cannot feed the catch-up (wal_level, privilege), or empty when it can. */
    Optional<String> unavailable() throws SQLException {
        try (Connection c = legacy.getConnection(); Statement st = c.createStatement()) {
            String level;
            try (ResultSet rs = st.executeQuery("SHOW wal_level")) {
                rs.next();
                level = rs.getString(1);
            }
            if (!"logical".equals(level)) {
                return Optional.of("legacy runs with wal_level = " + level + "; logical decoding needs wal_level = logical "
                        + "(ALTER SYSTEM SET wal_level = logical, then restart legacy)");
            }
            try (ResultSet rs = st.executeQuery("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
                if (rs.next() && !rs.getBoolean(1)) {
                    return Optional.of("legacy's user has no REPLICATION privilege (ALTER ROLE … REPLICATION)");
                }
            }
        }
        return Optional.empty();
    }

    /** Creates the publication (for exactly these tables and the intent table) and the slot, where missing. */
    void ensure(List<String> tables) throws SQLException {
        try (Connection c = legacy.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            String list = String.join(", ", tables.stream().map(LegacySlot::quote).toList()) + ", " + IntentTable.NAME;
            if (exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", names.publication())) {
                st.execute("ALTER PUBLICATION " + quote(names.publication()) + " SET TABLE " + list);
            } else {
                st.execute("CREATE PUBLICATION " + quote(names.publication()) + " FOR TABLE " + list);
            }
            if (!exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", names.slot())) {
                st.execute("SET statement_timeout = " + CREATE_TIMEOUT_MS);
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
                    ps.setString(1, names.slot());
                    ps.execute();
                } catch (SQLException e) {
                    if (!"42710".equals(e.getSQLState())) { // created meanwhile by another instance
                        throw new SQLException("cannot create replication slot " + names.slot() + " on legacy: " + e.getMessage()
                                + ("57014".equals(e.getSQLState()) ? " (creating a slot waits for every open transaction on the server, "
                                + "including prepared ones: look at pg_stat_activity and pg_prepared_xacts)" : ""), e.getSQLState(), e);
                    }
                } finally {
                    st.execute("RESET statement_timeout");
                }
            }
        }
    }

    boolean exists() throws SQLException {
        try (Connection c = legacy.getConnection()) {
            return exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", names.slot());
        }
    }

    /** Drops the slot (ending whichever session consumes it) and the publication; true when a slot was there. */
    boolean drop() throws SQLException {
        boolean dropped = false;
        try (Connection c = legacy.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            for (int attempt = 0; attempt < 50; attempt++) {
                // only a consumer (walsender) is ended; a backend that holds the slot to create or drop it is waited for
                try (PreparedStatement ps = c.prepareStatement("SELECT CASE WHEN a.backend_type = 'walsender' THEN s.active_pid END "
                        + "FROM pg_replication_slots s LEFT JOIN pg_stat_activity a ON a.pid = s.active_pid WHERE s.slot_name = ?")) {
                    ps.setString(1, names.slot());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            break;
                        }
                        int pid = rs.getInt(1);
                        if (!rs.wasNull()) {
                            try (PreparedStatement kill = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
                                kill.setInt(1, pid);
                                kill.execute();
                            }
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                    ps.setString(1, names.slot());
                    ps.execute();
                    dropped = true;
                    break;
                } catch (SQLException e) {
                    if ("42704".equals(e.getSQLState())) {
                        break; // gone already
                    }
                    if (!"55006".equals(e.getSQLState())) { // still active: the terminated consumer has not exited yet
                        throw e;
                    }
                    pause();
                }
            }
            st.execute("DROP PUBLICATION IF EXISTS " + quote(names.publication()));
        }
        return dropped;
    }

    /** Ends the session that holds the slot, if any (a consumer whose lease ran out but that still streams). */
    void terminateConsumer() throws SQLException {
        try (Connection c = legacy.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(s.active_pid) "
                + "FROM pg_replication_slots s JOIN pg_stat_activity a ON a.pid = s.active_pid WHERE s.slot_name = ? AND a.backend_type = 'walsender'")) {
            ps.setString(1, names.slot());
            ps.execute();
        }
    }

    /** The slot's state, or empty when it does not exist. */
    Optional<Health> health() throws SQLException {
        try (Connection c = legacy.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT active, "
                + "coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0)::bigint, "
                + "coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint, "
                + "coalesce(pg_wal_lsn_diff(confirmed_flush_lsn, '0/0'), 0)::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, names.slot());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Health(rs.getBoolean(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))) : Optional.empty();
            }
        }
    }

    /**
     * Legacy's current WAL insert position: every transaction committed before this call ends at or below it
     * (also one committed with synchronous_commit = off, whose commit record may not be flushed yet).
     */
    long currentLsn() throws SQLException {
        try (Connection c = legacy.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Waits until these transactions (32-bit ids from the stream) are visible in a fresh snapshot on legacy.
     * A transaction's commit record is durable, and decoded, a moment before the transaction leaves the
     * running set; a row it inserted cannot be read, nor locked, before that. The 64-bit id is the 32-bit
     * one in the epoch of the snapshot's xmax, or in the one before when that would put it more than 2^31
     * past xmax (a transaction still running may lie at or just past xmax: not visible yet).
     */
    void awaitVisible(long[] xids) throws SQLException {
        if (xids.length == 0) {
            return;
        }
        long deadline = ticker.nanoTime() + VISIBLE_TIMEOUT.toNanos();
        try (Connection c = legacy.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT bool_and(pg_visible_in_snapshot("
                + "(CASE WHEN (m >> 32 << 32) + x > m + 2147483648 THEN (m >> 32 << 32) + x - 4294967296 ELSE (m >> 32 << 32) + x END)::text::xid8, s)) "
                + "FROM (SELECT pg_current_snapshot() AS s) snap, LATERAL (SELECT pg_snapshot_xmax(s)::text::bigint AS m) mx, "
                + "unnest(?::bigint[]) AS x")) {
            c.setAutoCommit(true);
            ps.setArray(1, c.createArrayOf("bigint", java.util.Arrays.stream(xids).boxed().toArray()));
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                if (ticker.nanoTime() - deadline > 0) {
                    throw new SQLException("transactions " + java.util.Arrays.toString(xids) + " were streamed as committed but are still not "
                            + "visible on legacy after " + VISIBLE_TIMEOUT.toSeconds() + " s", "55000");
                }
                Thread.onSpinWait();
            }
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private void pause() {
        try {
            ticker.sleep(DROP_RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
