package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.CaptureResult;
import io.shardbridge.bridge.capture.ResultRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * What a routed statement answers about its last execution. When a physical statement ran it as it is, its
 * results are that statement's own (result set, update count, more results, warnings, generated keys), as
 * the driver gives them. When the layer answered itself — a captured write (its RETURNING rows, its count,
 * its keys) or a result set a listener wraps — the answer is held here, as one result with no more after it.
 * Keys shardbridge filled into an INSERT win over the physical ones: they are the keys the caller asked for.
 */
final class LastResults {
    /** The physical statement that ran last (its results are the caller's), or null when the answer is held here. */
    private Statement physical;
    private ResultSet resultSet;
    private long updateCount = -1;
    private ResultSet generatedKeys;
    private ResultSet filledKeys;

    /** Forgets the last execution, closing a result set held here (a physical one is its statement's to close). */
    void clear() throws SQLException {
        if (resultSet != null && physical == null) {
            resultSet.close();
        }
        resultSet = null;
        updateCount = -1;
        generatedKeys = null;
        filledKeys = null;
        physical = null;
    }

    /** The execution runs on {@code statement}, whose results are the caller's (set before it runs, so {@link #cancel} reaches it). */
    void ranOn(Statement statement) {
        physical = statement;
    }

    /** The caller gets {@code held} instead of the physical statement's result set. */
    void held(ResultSet held) {
        physical = null;
        resultSet = held;
        updateCount = -1;
    }

    void filledKeys(ResultSet keys) {
        filledKeys = keys;
    }

    /** A captured write's answer, in the form {@code mode} asks for: its counts (a batch), its rows, its flag or its count. */
    Object captured(CaptureResult result, ResultMode mode, boolean isBatch) throws SQLException {
        physical = null;
        generatedKeys = result.generatedKeys();
        if (isBatch) {
            return result.updateCounts();
        }
        if (mode == ResultMode.QUERY) {
            if (result.resultSet() == null) {
                throw new SQLException("the statement returned no result set; use executeUpdate for a write without RETURNING", "02000");
            }
            resultSet = result.resultSet();
            return resultSet;
        }
        if (result.resultSet() != null && mode == ResultMode.EXECUTE) {
            resultSet = result.resultSet();
            return true;
        }
        updateCount = result.totalCount();
        return mode == ResultMode.EXECUTE ? (Object) false : (Object) updateCount;
    }

    /** The physical statement that ran last, or null. */
    Statement physical() {
        return physical;
    }

    ResultSet resultSet() throws SQLException {
        return physical != null ? physical.getResultSet() : resultSet;
    }

    long updateCount() throws SQLException {
        return physical != null ? physical.getLargeUpdateCount() : resultSet != null ? -1 : updateCount;
    }

    boolean moreResults(int current) throws SQLException {
        if (physical != null) {
            return physical.getMoreResults(current);
        }
        if (resultSet != null && current != Statement.KEEP_CURRENT_RESULT) {
            resultSet.close();
        }
        resultSet = null;
        updateCount = -1;
        return false;
    }

    ResultSet generatedKeys() throws SQLException {
        if (filledKeys != null) {
            return filledKeys;
        }
        if (physical != null) {
            return physical.getGeneratedKeys();
        }
        return generatedKeys != null ? generatedKeys : ResultRows.emptyResultSet();
    }

    SQLWarning warnings() throws SQLException {
        return physical != null ? physical.getWarnings() : null;
    }

    void clearWarnings() throws SQLException {
        if (physical != null) {
            physical.clearWarnings();
        }
    }

    void cancel() throws SQLException {
        Statement running = physical;
        if (running != null) {
            running.cancel();
        }
    }

    /** The statement closes: a result set it got is closed too. */
    void close() throws SQLException {
        if (resultSet != null) {
            resultSet.close();
        }
    }
}
