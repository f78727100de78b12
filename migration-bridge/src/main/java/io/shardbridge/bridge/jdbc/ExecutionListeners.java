package io.shardbridge.bridge.jdbc;

import io.shardbridge.concurrent.Ticker;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one data source as one, and the interception template every routed execution runs
 * through (p6spy's and datasource-proxy's): before → run → after, with the elapsed time and the error.
 *
 * <p>Why a listener cannot break a caller's statement: every call to a listener is made here, each in its
 * own try; what one throws is reported (once per listener, on its first failure, so a listener failing on
 * every statement does not flood the log) and the call moves on to the next listener. The statement's own
 * outcome — its result, or its exception, unchanged — is decided by the run alone. A result-set wrapper
 * that fails leaves the result set as the listeners before it left it.
 */
final class ExecutionListeners implements ExecutionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionListeners.class);

    /** One execution, as the template runs it. */
    @FunctionalInterface
    interface Run<T> {
        T run() throws SQLException;
    }

    private final List<ExecutionListener> listeners;
    private final Ticker ticker;
    private final BiConsumer<ExecutionListener, Exception> report;
    private final Set<ExecutionListener> reported = ConcurrentHashMap.newKeySet();

    ExecutionListeners(List<ExecutionListener> listeners, Ticker ticker) {
        this(listeners, ticker, (listener, e) -> LOG.warn("execution listener {} failed; the statement was not affected (further failures of "
                + "this listener are not logged)", listener.getClass().getName(), e));
    }

    /** @param report told of a listener's first failure */
    ExecutionListeners(List<ExecutionListener> listeners, Ticker ticker, BiConsumer<ExecutionListener, Exception> report) {
        this.listeners = List.copyOf(listeners);
        this.ticker = ticker;
        this.report = report;
    }

    /** Runs one execution between {@link #beforeExecution} and {@link #afterExecution}; with no listeners, just runs it. */
    <T> T observe(Execution execution, Run<T> run) throws SQLException {
        if (listeners.isEmpty()) {
            return run.run();
        }
        beforeExecution(execution);
        long started = ticker.nanoTime();
        Throwable error = null;
        try {
            return run.run();
        } catch (Throwable e) {
            error = e;
            throw e;
        } finally {
            afterExecution(execution, ticker.nanosSince(started), error);
        }
    }

    @Override
    public void beforeExecution(Execution execution) {
        for (ExecutionListener listener : listeners) {
            try {
                listener.beforeExecution(execution);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void afterExecution(Execution execution, long elapsedNanos, Throwable error) {
        for (ExecutionListener listener : listeners) {
            try {
                listener.afterExecution(execution, elapsedNanos, error);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public ResultSet resultSet(Execution execution, ResultSet resultSet) {
        ResultSet current = resultSet;
        for (ExecutionListener listener : listeners) {
            try {
                ResultSet wrapped = listener.resultSet(execution, current);
                current = wrapped == null ? current : wrapped;
            } catch (SQLException | RuntimeException e) {
                failed(listener, e);
            }
        }
        return current;
    }

    private void failed(ExecutionListener listener, Exception e) {
        if (reported.add(listener)) {
            report.accept(listener, e);
        }
    }
}
