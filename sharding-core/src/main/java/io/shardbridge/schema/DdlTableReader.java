package io.shardbridge.schema;

import io.shardbridge.ShardbridgeException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns logical-table DDL into {@link TableDefinition}s by letting PostgreSQL itself parse it: the DDL
 * runs in a throw-away schema inside a transaction that is always rolled back, and the catalog is read
 * from there. Nothing is left behind, and every PostgreSQL spelling of a type is understood exactly.
 */
public final class DdlTableReader {
    private DdlTableReader() {
    }

    public static List<TableDefinition> read(Connection postgres, String ddl) throws SQLException {
        String scratch = "shardbridge_ddl_" + UUID.randomUUID().toString().replace("-", "");
        boolean autoCommit = postgres.getAutoCommit();
        postgres.setAutoCommit(false);
        try (Statement st = postgres.createStatement()) {
            st.execute("CREATE SCHEMA " + scratch);
            st.execute("SET LOCAL search_path TO " + scratch);
            try {
                st.execute(ddl);
            } catch (SQLException e) {
                throw new ShardbridgeException("the table DDL does not parse on PostgreSQL: " + e.getMessage()
                        + " [SQLState " + e.getSQLState() + "]; fix the DDL and run again", e);
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + scratch + "' ORDER BY tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            List<TableDefinition> out = new ArrayList<>();
            for (String table : tables) {
                out.add(PostgresCatalogReader.read(postgres, scratch, table));
            }
            return out;
        } finally {
            postgres.rollback();
            postgres.setAutoCommit(autoCommit);
        }
    }
}
