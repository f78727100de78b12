package io.shardbridge.bridge.dualwrite;

import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.concurrent.Ticker;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears intents whose mirror transaction committed, in batches on a background thread (DESIGN §5.2:
 * "cleared (batched, asynchronously)"), so the caller's commit does not pay for it. A clear that fails
 * (the database holding the intents is briefly unreachable: a shard in LIVE, legacy in DUAL_WRITE) is
 * kept and retried, every second at first and then less often, up to {@value #MAX_RETAINED} intents, so
 * an outage that interrupts the clearing does not turn mirrored writes into repair work. One that is
 * dropped only leaves an intent behind, which the repairer re-applies harmlessly (repair is idempotent).
 */
public final class IntentJanitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntentJanitor.class);
    private static final int MAX_BATCH = 2000;
    private static final int MAX_RETAINED = 1_000_000;
    private static final long FIRST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LAST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Map<String, ? extends DataSource> databases;
    private final LinkedBlockingQueue<IntentLog.Ref> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean running = true;
    /** Clears that failed, waiting for their retry (guarded by this). */
    private final List<IntentLog.Ref> failed = new ArrayList<>();
    private final ClearRetry retry;

    /** @param databases every database that holds an intent table, by the name intents carry */
    public IntentJanitor(Map<String, ? extends DataSource> databases) {
        this(databases, Ticker.system(), DaemonThreads.named("intent-janitor"));
    }

    /**
     * @param ticker  the clock of the retries' back-off ({@link ClearRetry})
     * @param threads makes the one thread that clears in the background
     */
    public IntentJanitor(Map<String, ? extends DataSource> databases, Ticker ticker, ThreadFactory threads) {
        this.databases = databases;
        this.retry = new ClearRetry(ticker, FIRST_RETRY_NANOS, LAST_RETRY_NANOS);
        this.worker = threads.newThread(this::run);
        this.worker.start();
    }

    void clearLater(List<IntentLog.Ref> refs) {
        queue.addAll(refs);
    }

    /** Clears everything queued so far, and what failed before, on the caller's thread. */
    public synchronized void flush() {
        List<IntentLog.Ref> batch = new ArrayList<>(failed);
        failed.clear();
        queue.drainTo(batch);
        clear(batch);
    }

    private void run() {
        while (running) {
            try {
                IntentLog.Ref first = queue.poll(50, TimeUnit.MILLISECONDS);
                synchronized (this) {
                    if (!failed.isEmpty() && retry.due()) {
                        List<IntentLog.Ref> again = new ArrayList<>(failed);
                        failed.clear();
                        clear(again);
                    }
                    if (first == null) {
                        continue;
                    }
                    List<IntentLog.Ref> batch = new ArrayList<>();
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    clear(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void clear(List<IntentLog.Ref> batch) {
        Map<String, List<Long>> byDatabase = new LinkedHashMap<>();
        batch.forEach(r -> byDatabase.computeIfAbsent(r.database(), d -> new ArrayList<>()).add(r.txn()));
        boolean anyFailed = false;
        for (Map.Entry<String, List<Long>> e : byDatabase.entrySet()) {
            try (Connection c = databases.get(e.getKey()).getConnection()) {
                c.setAutoCommit(true);
                IntentLog.deleteTransactions(c, e.getValue());
            } catch (SQLException | RuntimeException ex) {
                anyFailed = true;
                int room = MAX_RETAINED - failed.size();
                e.getValue().stream().limit(Math.max(0, room)).forEach(txn -> failed.add(new IntentLog.Ref(e.getKey(), txn)));
                LOG.debug("could not clear {} intents on {} (retrying; the repairer re-applies any left): {}", e.getValue().size(), e.getKey(),
                        ex.toString());
            }
        }
        if (anyFailed) {
            retry.failed();
        } else if (failed.isEmpty()) {
            retry.cleared();
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
