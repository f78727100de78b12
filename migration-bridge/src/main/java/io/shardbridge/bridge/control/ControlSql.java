package io.shardbridge.bridge.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The one way the control-store classes run a write, and recognize a table no one has created yet. */
public final class ControlSql {
    private ControlSql() {
    }

    /** Runs one autocommitted statement with these parameters, in order; returns the rows it changed. */
    public static int update(DataSource control, String sql, Object... values) throws SQLException {
        try (Connection c = control.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** True when a statement failed because its control table does not exist yet: nothing was ever recorded there. */
    public static boolean missingTable(SQLException e) {
        return "42P01".equals(e.getSQLState());
    }
}
