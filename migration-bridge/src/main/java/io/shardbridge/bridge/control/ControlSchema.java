package io.shardbridge.bridge.control;

import io.shardbridge.ShardbridgeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Every table of the control store (DESIGN §4, §6, §7, §10, §11), created and upgraded in one versioned step.
 * The control store is a PostgreSQL database ({@code control:}, by default legacy); the intent table is not
 * here: it lives beside the rows it describes, on legacy and on every shard ({@code intent.IntentTable}).
 *
 * <p><b>Why the step is safe when several instances start at once.</b> It runs in one transaction that first
 * takes the transaction-scoped advisory lock {@value #LOCK}, so instances of this version apply it one after
 * another; each statement is idempotent ({@code IF NOT EXISTS}, a column or key changed only when the catalog
 * shows the old shape), so the second finds nothing to do. PostgreSQL's DDL is transactional: a step that fails
 * half-way leaves nothing. Instances of earlier versions created some of these tables lazily without the lock;
 * a {@code CREATE TABLE IF NOT EXISTS} racing one of theirs can fail with a duplicate-key or duplicate-table
 * error, and the step is then simply run again (the table is there by then). A store that is already complete
 * at this version is recognized by one read and left alone, so the many callers that make sure of it before
 * their first use (the agent, a backfill, a verification, the census …) cost one query each.
 *
 * <p><b>Why a rolling upgrade locks no one out.</b> {@code shardbridge_control_version} holds the highest
 * version any instance applied; an instance refuses a store whose version is higher than its own
 * {@link #VERSION} (it cannot know what changed). So the version is raised only when a table an older instance
 * uses changes incompatibly. Tables added alongside the others, which older instances never read, do not raise
 * it; neither did gathering every table's DDL here: each table has exactly the columns the earlier versions
 * gave it, so a store created by them is accepted and completed (missing tables created, the 0.1.0 backfill
 * table given its ranges), and those instances keep working beside this one.
 */
public final class ControlSchema {
    /** The schema this code writes; a newer one in the database is refused. */
    public static final int VERSION = 1;
    /** The advisory lock the step (and every earlier version's schema step) serializes on. */
    static final String LOCK = "shardbridge_control_schema";
    private static final int ATTEMPTS = 3;

    /** The tables, in creation order; each statement idempotent. */
    static final List<String> TABLES = List.of(
            // phases and epochs (ControlStore)
            "CREATE TABLE IF NOT EXISTS shardbridge_unit (unit_name varchar(200) PRIMARY KEY, phase varchar(16) NOT NULL, "
                    + "epoch bigint NOT NULL, fence_phase varchar(16), fence_epoch bigint, fence_deadline timestamptz, "
                    + "target_mirroring_since timestamptz, legacy_mirroring_since timestamptz, updated_at timestamptz NOT NULL DEFAULT now())",
            "CREATE TABLE IF NOT EXISTS shardbridge_instance (instance_id varchar(200) NOT NULL, unit_name varchar(200) NOT NULL, "
                    + "observed_phase varchar(16) NOT NULL, observed_epoch bigint NOT NULL, fenced_epoch bigint NOT NULL DEFAULT 0, "
                    + "host varchar(200), started_at timestamptz NOT NULL DEFAULT now(), last_seen timestamptz NOT NULL DEFAULT now(), "
                    + "PRIMARY KEY (instance_id, unit_name))",
            // service latency published for backfills in other processes (PublishedLatency)
            "CREATE TABLE IF NOT EXISTS shardbridge_service_latency (instance_id varchar(200) NOT NULL, "
                    + "unit_name varchar(200) NOT NULL, ratio double precision, current_us bigint, baseline_us bigint, "
                    + "published_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (instance_id, unit_name))",
            // moves as they ended (PhaseHistory), and the configuration flags last seen (PhaseFlagRequests)
            "CREATE TABLE IF NOT EXISTS shardbridge_phase_history (id bigserial PRIMARY KEY, unit_name varchar(200) NOT NULL, "
                    + "from_phase varchar(16) NOT NULL, to_phase varchar(16) NOT NULL, epoch bigint NOT NULL, moved_at timestamptz NOT NULL DEFAULT now(), "
                    + "took_ms bigint NOT NULL, instance_id varchar(200))",
            "CREATE TABLE IF NOT EXISTS shardbridge_phase_flag (unit_name varchar(200) PRIMARY KEY, flag varchar(16) NOT NULL, "
                    + "seen_at timestamptz NOT NULL DEFAULT now())",
            // readiness: the statement census and the operators' acceptances (readiness.CensusStore, Acceptances)
            "CREATE TABLE IF NOT EXISTS shardbridge_census (unit_name varchar(200) NOT NULL, shape_hash varchar(64) NOT NULL, "
                    + "shape text NOT NULL, kind varchar(24) NOT NULL, route varchar(16) NOT NULL, route_reason text, findings text, "
                    + "executions bigint NOT NULL, first_seen timestamptz NOT NULL, last_seen timestamptz NOT NULL, PRIMARY KEY (unit_name, shape_hash))",
            "CREATE TABLE IF NOT EXISTS shardbridge_readiness_accept (unit_name varchar(200) NOT NULL, kind varchar(64) NOT NULL, "
                    + "accepted_by varchar(200) NOT NULL, accepted_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (unit_name, kind))",
            // the catch-up's lease and the outside-writes report (catchup.CatchUpRecords)
            "CREATE TABLE IF NOT EXISTS shardbridge_catchup (unit_name varchar(200) PRIMARY KEY, holder varchar(200), "
                    + "lease_until timestamptz, slot_epoch bigint, off_reason text, accepted_at timestamptz, accepted_note text, "
                    + "updated_at timestamptz NOT NULL DEFAULT now())",
            "CREATE TABLE IF NOT EXISTS shardbridge_outside_write (unit_name varchar(200) NOT NULL, table_name varchar(200) NOT NULL, "
                    + "writer varchar(32) NOT NULL, write_count bigint NOT NULL, first_seen timestamptz NOT NULL, last_seen timestamptz NOT NULL, "
                    + "alarm_count bigint NOT NULL DEFAULT 0, last_alarm timestamptz, sample_keys text[] NOT NULL DEFAULT '{}', "
                    + "PRIMARY KEY (unit_name, table_name, writer))",
            // backfill progress per key range (backfill.BackfillCheckpoints); a 0.1.0 table is upgraded below
            "CREATE TABLE IF NOT EXISTS shardbridge_backfill (unit_name varchar(200) NOT NULL, table_name varchar(200) NOT NULL, "
                    + "direction varchar(16) NOT NULL, range_no integer NOT NULL DEFAULT 0, range_start text, range_end text, last_key text, "
                    + "rows_copied bigint NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false, lease_owner varchar(200), lease_until timestamptz, "
                    + "started_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), "
                    + "PRIMARY KEY (unit_name, table_name, direction, range_no))",
            // verification progress per key range (verify.VerifyCheckpoints) and reports (VerificationLog)
            "CREATE TABLE IF NOT EXISTS shardbridge_verify_range (unit_name varchar(200) NOT NULL, table_name varchar(200) NOT NULL, "
                    + "mirror varchar(200) NOT NULL, authoritative varchar(16) NOT NULL, range_no integer NOT NULL, range_start text, range_end text, "
                    + "last_key text, rows_compared bigint NOT NULL DEFAULT 0, suspects text NOT NULL DEFAULT '', done boolean NOT NULL DEFAULT false, "
                    + "lease_owner varchar(200), lease_until timestamptz, started_at timestamptz NOT NULL DEFAULT now(), "
                    + "updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (unit_name, table_name, mirror, range_no))",
            "CREATE TABLE IF NOT EXISTS shardbridge_verification (id bigserial PRIMARY KEY, unit_name varchar(200) NOT NULL, "
                    + "finished_at timestamptz NOT NULL DEFAULT now(), rows_compared bigint NOT NULL, differences integer NOT NULL, "
                    + "settled bigint NOT NULL, took_ms bigint NOT NULL, report text NOT NULL)",
            "CREATE INDEX IF NOT EXISTS shardbridge_verification_unit ON shardbridge_verification (unit_name, id)",
            // the shared key allocator's sequence spaces (keys.KeyAllocator)
            "CREATE TABLE IF NOT EXISTS shardbridge_key_sequence (unit_name varchar(200) NOT NULL, table_name varchar(200) NOT NULL, "
                    + "column_name varchar(200) NOT NULL, sequence_name text NOT NULL, next_value bigint NOT NULL, max_value bigint NOT NULL, "
                    + "reserved_from bigint, seeded_at timestamptz NOT NULL DEFAULT now(), reserved_at timestamptz, "
                    + "PRIMARY KEY (unit_name, table_name, column_name))");

    /** Every table {@link #TABLES} creates, and the version table. */
    private static final List<String> TABLE_NAMES = java.util.stream.Stream.concat(java.util.stream.Stream.of("shardbridge_control_version"),
            TABLES.stream().filter(ddl -> ddl.startsWith("CREATE TABLE")).map(ddl -> ddl.split(" ")[5])).toList();

    /** The columns a backfill table written by 0.1.0 (one range per table, the whole key space) lacks. */
    private static final List<String> BACKFILL_RANGE_COLUMNS = List.of("range_no integer NOT NULL DEFAULT 0", "range_start text", "range_end text",
            "lease_owner varchar(200)", "lease_until timestamptz");

    private ControlSchema() {
    }

    /**
     * Creates or completes the control store's tables, whichever instance gets there first; refuses a store
     * of a newer version. Idempotent: every component that needs the store calls it before its first use.
     */
    public static void apply(DataSource control) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                applyOnce(control);
                return;
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !racedAnUnlockedCreator(e)) {
                    throw e;
                }
            }
        }
    }

    private static void applyOnce(DataSource control) throws SQLException {
        try (Connection c = control.getConnection()) {
            if (complete(c)) {
                return; // every table in its current shape, at this version: nothing to lock, nothing to run
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(hashtextextended('" + LOCK + "', 0))");
                st.execute("CREATE TABLE IF NOT EXISTS shardbridge_control_version (version integer NOT NULL, "
                        + "upgraded_at timestamptz NOT NULL DEFAULT now())");
                int version = version(st);
                if (version > VERSION) {
                    throw new ShardbridgeException("the control store's schema is version " + version + ", newer than this shardbridge "
                            + "understands (" + VERSION + "); upgrade shardbridge on this instance before it joins");
                }
                for (String ddl : TABLES) {
                    st.execute(ddl);
                }
                giveBackfillRanges(st);
                if (version < VERSION) {
                    st.execute("INSERT INTO shardbridge_control_version (version) VALUES (" + VERSION + ")");
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * True when the store already is what the step would make it (one read, no lock): every table and the index there,
     * the backfill table with its ranges, and this version recorded. Anything else, or an error, takes the step.
     */
    private static boolean complete(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                + "AND tablename = ANY (?)), to_regclass('shardbridge_verification_unit') IS NOT NULL, EXISTS (SELECT 1 FROM "
                + "information_schema.key_column_usage WHERE table_schema = current_schema() AND table_name = 'shardbridge_backfill' "
                + "AND column_name = 'range_no' AND constraint_name = 'shardbridge_backfill_pkey'), "
                + "(SELECT coalesce(max(version), 0) FROM shardbridge_control_version)")) {
            ps.setArray(1, c.createArrayOf("text", TABLE_NAMES.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == TABLE_NAMES.size() && rs.getBoolean(2) && rs.getBoolean(3) && rs.getInt(4) == VERSION;
            }
        } catch (SQLException e) {
            if (!autoCommit) {
                c.rollback();
            }
            return false; // no version table yet, for one
        }
    }

    private static int version(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM shardbridge_control_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A backfill table of 0.1.0: adds the range columns and makes the range part of the key; nothing when it has them. */
    private static void giveBackfillRanges(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.key_column_usage WHERE table_schema = current_schema() "
                + "AND table_name = 'shardbridge_backfill' AND column_name = 'range_no' AND constraint_name = 'shardbridge_backfill_pkey'")) {
            rs.next();
            if (rs.getInt(1) > 0) {
                return;
            }
        }
        for (String column : BACKFILL_RANGE_COLUMNS) {
            st.execute("ALTER TABLE shardbridge_backfill ADD COLUMN IF NOT EXISTS " + column);
        }
        st.execute("ALTER TABLE shardbridge_backfill DROP CONSTRAINT shardbridge_backfill_pkey, "
                + "ADD PRIMARY KEY (unit_name, table_name, direction, range_no)");
    }

    /** A duplicate type or table from a concurrent {@code CREATE TABLE IF NOT EXISTS} of an instance that took no lock. */
    private static boolean racedAnUnlockedCreator(SQLException e) {
        return "23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState());
    }
}
