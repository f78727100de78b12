package io.shardbridge.bridge.capture;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The parameter values of one execution of a prepared statement, replayable onto any physical statement. */
public interface StatementParameters {
    /** Binds every parameter at its own position. */
    void bindAll(PreparedStatement target) throws SQLException;

    /** Binds parameter {@code sourceIndex} (0-based, as the parser numbers them) at position {@code targetPosition} (1-based). */
    void bind(PreparedStatement target, int sourceIndex, int targetPosition) throws SQLException;

    /** The value of parameter {@code sourceIndex} (0-based) as it was set (null for SQL NULL). */
    Object value(int sourceIndex) throws SQLException;
}
