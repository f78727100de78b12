package io.shardbridge.bridge.dualwrite;

import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.concurrent.Ticker;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run mirror transactions next to the callers' commits. Bounded: when every worker
 * is busy, {@link #trySubmit} refuses and the caller runs the mirror transaction itself (the
 * synchronous order), so a slow mirror slows writers down rather than queueing without limit.
 */
public final class MirrorWorkers implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final Ticker ticker;
    private final Object idle = new Object();
    private int inFlight;

    public MirrorWorkers(int maxThreads) {
        this(maxThreads, Ticker.system(), DaemonThreads.named("mirror"));
    }

    /**
     * @param ticker  the clock {@link #awaitIdle}'s timeout is read from
     * @param threads makes the worker threads (started on demand, ended after a minute idle)
     */
    public MirrorWorkers(int maxThreads, Ticker ticker, ThreadFactory threads) {
        this.ticker = ticker;
        this.executor = new ThreadPoolExecutor(0, maxThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }

    boolean trySubmit(MirrorWork work) {
        synchronized (idle) {
            inFlight++;
        }
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } finally {
                    done();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            done();
            return false;
        }
    }

    private void done() {
        synchronized (idle) {
            inFlight--;
            if (inFlight == 0) {
                idle.notifyAll();
            }
        }
    }

    /** Waits until every mirror transaction started so far has ended (for phase moves, repair and tests). */
    public void awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = ticker.nanoTime() + unit.toNanos(timeout);
        synchronized (idle) {
            while (inFlight > 0) {
                long left = deadline - ticker.nanoTime();
                if (left <= 0) {
                    return;
                }
                ticker.waitNanos(idle, left);
            }
        }
    }

    @Override
    public void close() {
        try {
            awaitIdle(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
