package io.shardbridge.pool;

import io.shardbridge.ShardbridgeException;
import java.sql.SQLException;

/**
 * A pool could not be opened because its database refused or never answered the first connection. It keeps
 * the SQLState the driver gave (null when none), so a caller decides on the failure's kind, never on its
 * text: {@link #unreachable()} is the one place that says whether waiting can help.
 */
public final class CannotConnectException extends ShardbridgeException {
    private final String role;
    private final String sqlState;

    CannotConnectException(String role, String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.role = role;
        this.sqlState = sqlState;
    }

    /** What the database is to shardbridge: "legacy", "control", "shard ds1" … */
    public String role() {
        return role;
    }

    /** The driver's SQLState for the failed connection, or null when it gave none. */
    public String sqlState() {
        return sqlState;
    }

    /**
     * True when the server could not be reached or would not take connections yet, which a later attempt
     * can get past: SQLState class 08 (connection exception: refused, timed out, host unknown, link failure,
     * too many connections) and 57P03 (PostgreSQL starting up). False for refused credentials (28000,
     * 28P01), a missing database (3D000, 42000), a bad setting or no SQLState at all: waiting fixes none
     * of those, and a service should hear about them at once.
     */
    public boolean unreachable() {
        return unreachable(sqlState);
    }

    static boolean unreachable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P03"));
    }

    /** True for refused credentials: SQLState class 28 (invalid authorization: unknown user, wrong password). */
    static boolean credentialsRefused(String sqlState) {
        return sqlState != null && sqlState.startsWith("28");
    }

    /** The first SQLState in {@code failure}'s cause chain, or null. */
    static String sqlStateOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
