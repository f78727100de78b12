package io.shardbridge.jdbc.delegate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The settings a caller gave a statement that runs on physical statements chosen per execution (a shard's,
 * ShardingSphere's, legacy's or the target's): kept here, answered here, and replayed onto each physical
 * statement before it runs. The one replayer of every such decorator, so they agree on every setting.
 *
 * <p>What is replayed: the settings the caller set (defaults are not pushed onto a driver that may have its
 * own), maximum rows through the {@code int} form when it fits (ShardingSphere does not implement the
 * {@code long} one). {@code closeOnCompletion} is the caller's statement's property and is answered here,
 * not replayed: the decorator keeps its physical statements open from one execution to the next.
 */
public final class StatementSettings {
    private static final int FETCH_SIZE = 1;
    private static final int FETCH_DIRECTION = 2;
    private static final int MAX_ROWS = 4;
    private static final int MAX_FIELD_SIZE = 8;
    private static final int QUERY_TIMEOUT = 16;
    private static final int ESCAPE_PROCESSING = 32;
    private static final int CURSOR_NAME = 64;
    private static final int POOLABLE = 128;

    private int set; // which settings the caller set, as the bits above
    private int fetchSize;
    private int fetchDirection = ResultSet.FETCH_FORWARD;
    private long maxRows;
    private int maxFieldSize;
    private int queryTimeout;
    private boolean escapeProcessing = true;
    private String cursorName;
    private boolean poolable;
    private boolean closeOnCompletion;

    /** @param prepared whether the statement is a prepared one (JDBC: those are poolable by default, plain ones are not) */
    public StatementSettings(boolean prepared) {
        this.poolable = prepared;
    }

    /** Replays every setting the caller set onto {@code physical}. */
    public void applyTo(Statement physical) throws SQLException {
        if (set == 0) {
            return;
        }
        if ((set & FETCH_SIZE) != 0) {
            physical.setFetchSize(fetchSize);
        }
        if ((set & MAX_ROWS) != 0) {
            if (maxRows <= Integer.MAX_VALUE) {
                physical.setMaxRows((int) maxRows);
            } else {
                physical.setLargeMaxRows(maxRows);
            }
        }
        if ((set & QUERY_TIMEOUT) != 0) {
            physical.setQueryTimeout(queryTimeout);
        }
        if ((set & MAX_FIELD_SIZE) != 0) {
            physical.setMaxFieldSize(maxFieldSize);
        }
        if ((set & FETCH_DIRECTION) != 0) {
            physical.setFetchDirection(fetchDirection);
        }
        if ((set & ESCAPE_PROCESSING) != 0) {
            physical.setEscapeProcessing(escapeProcessing);
        }
        if ((set & CURSOR_NAME) != 0) {
            physical.setCursorName(cursorName);
        }
        if ((set & POOLABLE) != 0) {
            physical.setPoolable(poolable);
        }
    }

    public int fetchSize() {
        return fetchSize;
    }

    public void fetchSize(int rows) throws SQLException {
        if (rows < 0) {
            throw new SQLException("fetch size must be >= 0, was " + rows, "22023");
        }
        fetchSize = rows;
        set |= FETCH_SIZE;
    }

    public int fetchDirection() {
        return fetchDirection;
    }

    public void fetchDirection(int direction) throws SQLException {
        if (direction != ResultSet.FETCH_FORWARD && direction != ResultSet.FETCH_REVERSE && direction != ResultSet.FETCH_UNKNOWN) {
            throw new SQLException("fetch direction must be FETCH_FORWARD, FETCH_REVERSE or FETCH_UNKNOWN, was " + direction, "22023");
        }
        fetchDirection = direction;
        set |= FETCH_DIRECTION;
    }

    public long maxRows() {
        return maxRows;
    }

    public void maxRows(long max) throws SQLException {
        if (max < 0) {
            throw new SQLException("max rows must be >= 0, was " + max, "22023");
        }
        maxRows = max;
        set |= MAX_ROWS;
    }

    public int maxFieldSize() {
        return maxFieldSize;
    }

    public void maxFieldSize(int max) throws SQLException {
        if (max < 0) {
            throw new SQLException("max field size must be >= 0, was " + max, "22023");
        }
        maxFieldSize = max;
        set |= MAX_FIELD_SIZE;
    }

    public int queryTimeout() {
        return queryTimeout;
    }

    public void queryTimeout(int seconds) throws SQLException {
        if (seconds < 0) {
            throw new SQLException("query timeout must be >= 0, was " + seconds, "22023");
        }
        queryTimeout = seconds;
        set |= QUERY_TIMEOUT;
    }

    public void escapeProcessing(boolean enable) {
        escapeProcessing = enable;
        set |= ESCAPE_PROCESSING;
    }

    public void cursorName(String name) {
        cursorName = name;
        set |= CURSOR_NAME;
    }

    public boolean poolable() {
        return poolable;
    }

    public void poolable(boolean value) {
        poolable = value;
        set |= POOLABLE;
    }

    public boolean closeOnCompletion() {
        return closeOnCompletion;
    }

    public void closeOnCompletion(boolean value) {
        closeOnCompletion = value;
    }
}
