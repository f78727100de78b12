package io.shardbridge.bridge.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads and moves a legacy sequence: where its next key is, and past a key the target issued. */
final class LegacySequences {
    private LegacySequences() {
    }

    /**
     * The smallest key legacy has not used for the column: one above the larger of the sequence's last
     * value (if it was ever called) and the column's largest value (a row written with an explicit key
     * above the sequence counts too; the column is indexed when it is the primary key).
     */
    static long nextUnused(Connection legacy, SequenceColumn column, boolean indexed) throws SQLException {
        long next;
        try (Statement st = legacy.createStatement(); ResultSet rs = st.executeQuery("SELECT last_value, is_called FROM " + column.sequence())) {
            rs.next();
            next = rs.getBoolean(2) ? rs.getLong(1) + 1 : rs.getLong(1);
        }
        if (indexed) {
            try (Statement st = legacy.createStatement();
                 ResultSet rs = st.executeQuery("SELECT max(" + column.column() + ") FROM " + column.table())) {
                rs.next();
                long max = rs.getLong(1);
                if (!rs.wasNull() && max >= next) {
                    next = max + 1;
                }
            }
        }
        return next;
    }

    /**
     * Moves the sequence so that its next value is above {@code highest} and above the column's largest
     * value (when {@code indexed}); never back. True when it moved.
     */
    static boolean moveAbove(Connection legacy, SequenceColumn column, long highest, boolean indexed) throws SQLException {
        long target = Math.max(highest, nextUnused(legacy, column, indexed) - 1);
        if (nextUnused(legacy, column, false) > target) {
            return false;
        }
        try (PreparedStatement ps = legacy.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
            ps.setString(1, column.sequence());
            ps.setLong(2, target);
            ps.executeQuery().close();
        }
        return true;
    }
}
