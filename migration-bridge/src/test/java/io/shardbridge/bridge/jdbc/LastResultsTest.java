package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.capture.CaptureResult;
import io.shardbridge.jdbc.delegate.DelegatingResultSet;
import io.shardbridge.jdbc.delegate.DelegatingStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The results a routed statement answers: a physical statement's own, or those the layer holds, in the shape the caller asked for. */
class LastResultsTest {
    private final LastResults results = new LastResults();

    /** A result set that knows only whether it is closed. */
    static final class Rows extends DelegatingResultSet {
        boolean closed;

        Rows() {
            super(null);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }
    }

    /** A physical statement whose results are fixed. */
    static final class Ran extends DelegatingStatement {
        final Rows rows = new Rows();
        final Rows keys = new Rows();

        Ran() {
            super(null);
        }

        @Override
        public ResultSet getResultSet() {
            return rows;
        }

        @Override
        public long getLargeUpdateCount() {
            return -1;
        }

        @Override
        public ResultSet getGeneratedKeys() {
            return keys;
        }
    }

    @Test
    void aCapturedWriteAnswersItsCountInTheFormAsked() throws SQLException {
        CaptureResult twoRows = new CaptureResult(null, new long[] {1, 1}, null);
        assertThat(results.captured(twoRows, ResultMode.UPDATE, false)).isEqualTo(2L);
        assertThat(results.updateCount()).isEqualTo(2);
        assertThat(results.resultSet()).isNull();
        assertThat(results.captured(twoRows, ResultMode.EXECUTE, false)).isEqualTo(false);
        assertThat(results.captured(twoRows, ResultMode.UPDATE, true)).isEqualTo(new long[] {1, 1});
    }

    @Test
    void aCapturedWriteWithReturningAnswersItsRowsAndTheNextResultClosesThem() throws SQLException {
        Rows returning = new Rows();
        CaptureResult result = new CaptureResult(returning, new long[] {1}, null);
        assertThat(results.captured(result, ResultMode.EXECUTE, false)).isEqualTo(true);
        assertThat(results.resultSet()).isSameAs(returning);
        assertThat(results.updateCount()).isEqualTo(-1);
        assertThat(results.moreResults(Statement.CLOSE_CURRENT_RESULT)).isFalse();
        assertThat(returning.closed).isTrue();
        assertThat(results.resultSet()).isNull();
    }

    @Test
    void executeQueryOnACapturedWriteWithoutReturningIsRefused() {
        CaptureResult noRows = new CaptureResult(null, new long[] {1}, null);
        assertThatThrownBy(() -> results.captured(noRows, ResultMode.QUERY, false))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("02000"));
    }

    @Test
    void aPhysicalStatementsResultsAreItsOwnAndFilledKeysWinOverItsKeys() throws SQLException {
        Ran ran = new Ran();
        results.ranOn(ran);
        assertThat(results.resultSet()).isSameAs(ran.rows);
        assertThat(results.generatedKeys()).isSameAs(ran.keys);
        Rows filled = new Rows();
        results.filledKeys(filled);
        assertThat(results.generatedKeys()).isSameAs(filled);
        results.clear();
        assertThat(ran.rows.closed).isFalse(); // the physical statement's to close
        assertThat(results.resultSet()).isNull();
        assertThat(results.physical()).isNull();
    }

    @Test
    void aHeldResultSetReplacesThePhysicalOneAndIsClosedWhenCleared() throws SQLException {
        Ran ran = new Ran();
        results.ranOn(ran);
        Rows wrapped = new Rows();
        results.held(wrapped);
        assertThat(results.resultSet()).isSameAs(wrapped);
        assertThat(results.physical()).isNull();
        results.clear();
        assertThat(wrapped.closed).isTrue();
    }
}
