package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.concurrent.ManualTicker;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.jdbc.delegate.DelegatingResultSet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listener that throws never changes the caller's statement, and is reported once. */
class ExecutionListenersTest {
    private static final Execution EXECUTION = new Execution("SELECT 1", null, ResultMode.QUERY, false,
            new Route(Side.LEGACY, null, null, null, null, false), false, List.of());

    private final ManualTicker ticker = new ManualTicker();
    private final List<String> seen = new ArrayList<>();
    private final List<String> reported = new ArrayList<>();

    /** Records what it is told. */
    private final ExecutionListener recording = new ExecutionListener() {
        @Override
        public void beforeExecution(Execution execution) {
            seen.add("before " + execution.sql());
        }

        @Override
        public void afterExecution(Execution execution, long elapsedNanos, Throwable error) {
            seen.add("after " + elapsedNanos + " " + (error == null ? "ok" : error.getMessage()));
        }
    };

    /** Throws from every method. */
    private final ExecutionListener throwing = new ExecutionListener() {
        @Override
        public void beforeExecution(Execution execution) {
            throw new IllegalStateException("before broke");
        }

        @Override
        public void afterExecution(Execution execution, long elapsedNanos, Throwable error) {
            throw new IllegalStateException("after broke");
        }

        @Override
        public ResultSet resultSet(Execution execution, ResultSet resultSet) throws SQLException {
            throw new SQLException("wrapping broke");
        }
    };

    private ExecutionListeners listeners(ExecutionListener... each) {
        return new ExecutionListeners(List.of(each), ticker, (listener, e) -> reported.add(e.getMessage()));
    }

    @Test
    void aThrowingListenerLeavesTheResultAndTheOtherListenersAlone() throws SQLException {
        ExecutionListeners listeners = listeners(throwing, recording);
        String result = listeners.observe(EXECUTION, () -> {
            ticker.advance(Duration.ofMillis(5));
            return "rows";
        });
        assertThat(result).isEqualTo("rows");
        assertThat(seen).containsExactly("before SELECT 1", "after 5000000 ok");
    }

    @Test
    void theStatementsOwnErrorReachesTheCallerUnchangedAndTheListenersSeeIt() {
        ExecutionListeners listeners = listeners(throwing, recording);
        SQLException failure = new SQLException("duplicate key", "23505");
        assertThatThrownBy(() -> listeners.observe(EXECUTION, () -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(seen).containsExactly("before SELECT 1", "after 0 duplicate key");
    }

    @Test
    void aFailingListenerIsReportedOnceHoweverOftenItFails() throws SQLException {
        ExecutionListeners listeners = listeners(throwing, recording);
        for (int i = 0; i < 3; i++) {
            listeners.observe(EXECUTION, () -> "rows");
        }
        assertThat(reported).containsExactly("before broke");
        assertThat(seen).hasSize(6);
    }

    @Test
    void aWrapperThatFailsLeavesTheResultSetAsTheListenersBeforeItLeftIt() throws SQLException {
        ResultSet authoritative = new DelegatingResultSet(null) { };
        ResultSet wrapped = new DelegatingResultSet(authoritative) { };
        ExecutionListener wrapping = new ExecutionListener() {
            @Override
            public ResultSet resultSet(Execution execution, ResultSet resultSet) {
                return resultSet == authoritative ? wrapped : resultSet;
            }
        };
        assertThat(listeners(throwing, wrapping).resultSet(EXECUTION, authoritative)).isSameAs(wrapped);
        assertThat(listeners(wrapping, throwing).resultSet(EXECUTION, authoritative)).isSameAs(wrapped);
        assertThat(reported).containsExactly("wrapping broke", "wrapping broke"); // two composites, each reports its own listener once
    }
}
