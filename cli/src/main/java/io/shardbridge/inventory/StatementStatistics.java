package io.shardbridge.inventory;

import io.shardbridge.inventory.InventoryReport.IdentifiedBy;
import io.shardbridge.inventory.InventoryReport.Source;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pg_stat_statements for legacy's database, by role (it records no application_name). Absent is
 * normal: the extension needs {@code shared_preload_libraries}, which many instances do not set. The
 * inventory then says so and relies on sampling.
 */
final class StatementStatistics {
    private static final String HIDDEN = "<insufficient privilege>";

    /** @param available false with {@code note} saying why; @param hidden rows whose text the role may not see */
    record Read(boolean available, List<Observation> observations, long hidden, String note) {
    }

    private StatementStatistics() {
    }

    static Read read(Connection legacy) throws SQLException {
        String schema;
        try (Statement st = legacy.createStatement();
             ResultSet rs = st.executeQuery("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                     + "WHERE e.extname = 'pg_stat_statements'")) {
            if (!rs.next()) {
                return new Read(false, List.of(), 0, "pg_stat_statements is not installed in this database (it needs shared_preload_libraries = "
                        + "'pg_stat_statements' and CREATE EXTENSION pg_stat_statements); the statements come from sampling pg_stat_activity alone, "
                        + "so raise --sample-seconds to see rarer ones");
            }
            schema = rs.getString(1);
        }
        List<Observation> out = new ArrayList<>();
        long hidden;
        try {
            hidden = topLevelRows(legacy, schema, out);
        } catch (SQLException e) {
            if ("55000".equals(e.getSQLState())) {
                return new Read(false, List.of(), 0, "pg_stat_statements is installed but not loaded (" + e.getMessage()
                        + "); add it to shared_preload_libraries and restart legacy to use it; the statements come from sampling pg_stat_activity alone");
            }
            throw e;
        }
        return new Read(true, out, hidden, hidden == 0 ? null
                : hidden + " pg_stat_statements rows of other roles are hidden from this role; grant it pg_read_all_stats to count them");
    }

    private static long topLevelRows(Connection legacy, String schema, List<Observation> out) throws SQLException {
        try {
            return rows(legacy, schema, " AND s.toplevel", out);
        } catch (SQLException e) {
            if ("42703".equals(e.getSQLState())) {
                out.clear();
                return rows(legacy, schema, "", out); // before PostgreSQL 14: no toplevel column
            }
            throw e;
        }
    }

    /**
     * The rows of legacy's database into {@code out}; returns how many were hidden. Only top-level statements
     * (where the server tells): what runs inside a function is counted through the function's body instead.
     */
    private static long rows(Connection legacy, String schema, String topLevel, List<Observation> out) throws SQLException {
        long hidden = 0;
        try (Statement st = legacy.createStatement();
             ResultSet rs = st.executeQuery("SELECT r.rolname, s.query, s.calls FROM " + quote(schema) + ".pg_stat_statements s "
                     + "JOIN pg_roles r ON r.oid = s.userid WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())" + topLevel)) {
            while (rs.next()) {
                String query = rs.getString(2);
                if (query == null || HIDDEN.equals(query)) {
                    hidden++;
                } else {
                    out.add(row(rs.getString(1), query, rs.getLong(3)));
                }
            }
        }
        return hidden;
    }

    /** One pg_stat_statements row: the role names the application until sampling says otherwise. */
    static Observation row(String role, String query, long calls) {
        return new Observation(role, IdentifiedBy.ROLE, role, null, Source.PG_STAT_STATEMENTS, query.strip(), calls, null);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
