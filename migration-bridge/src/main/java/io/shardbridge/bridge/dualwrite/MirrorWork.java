package io.shardbridge.bridge.dualwrite;

import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.mirror.MirrorTransaction;
import io.shardbridge.bridge.row.RowChange;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One unit's mirror transaction for one committing transaction, in the DESIGN §5 order: apply the
 * images, wait for the authoritative outcome, then commit (or roll back). Run on a mirror worker it
 * overlaps the caller's intent write, and its commit leaves the caller's path: the caller returns once
 * the authoritative side has committed. Ordering still holds, because the mirror row locks taken by
 * {@link #apply()} are held until {@link #finish(boolean)}; a later writer of the same row waits for
 * them in its own apply.
 */
final class MirrorWork implements Runnable {
    /** What happens when the mirror transaction ends. */
    interface Outcome {
        void committed(MirrorWork work, long commitNanos);

        void commitFailed(MirrorWork work, Exception e);
    }

    private static final long SAFETY_TIMEOUT_MINUTES = 10;

    final DualWriteUnit unit;
    final List<RowChange> changes;
    private final Side side;
    private final Outcome outcome;
    private final Ticker ticker;
    private final CompletableFuture<Void> applied = new CompletableFuture<>();
    private final CompletableFuture<Boolean> authoritativeCommitted = new CompletableFuture<>();
    private MirrorTransaction tx;
    volatile List<IntentLog.Ref> intents = List.of();
    long applyNanos;

    MirrorWork(DualWriteUnit unit, Side side, List<RowChange> changes, Outcome outcome, Ticker ticker) {
        this.ticker = ticker;
        this.unit = unit;
        this.side = side;
        this.changes = changes;
        this.outcome = outcome;
    }

    @Override
    public void run() {
        if (!apply()) {
            return;
        }
        boolean commit;
        try {
            commit = authoritativeCommitted.get(SAFETY_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            commit = false;
        } catch (ExecutionException | TimeoutException e) {
            commit = false;
        }
        finish(commit);
    }

    /** Applies the images in a new mirror transaction; false (and the transaction closed) when that failed. */
    boolean apply() {
        long started = ticker.nanoTime();
        try {
            tx = unit.mirrorFor(side).begin();
            tx.apply(changes);
            applyNanos = ticker.nanoTime() - started;
            applied.complete(null);
            return true;
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            applied.completeExceptionally(e);
            return false;
        }
    }

    /** Waits until the images are applied; throws what the apply threw, or a timeout. */
    void awaitApplied(long timeoutNanos) throws Exception {
        try {
            applied.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new SQLException("mirror write took longer than mirror-timeout-ms (" + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms)", "08006", e);
        }
    }

    /** Tells the work how the authoritative side ended (from the caller's thread). */
    void authoritativeOutcome(boolean committed) {
        authoritativeCommitted.complete(committed);
    }

    /** Commits or rolls back the mirror transaction (on whichever thread runs the work). */
    void finish(boolean commit) {
        if (tx == null) {
            return;
        }
        if (!commit) {
            closeQuietly();
            return;
        }
        long started = ticker.nanoTime();
        try {
            tx.commit();
            outcome.committed(this, ticker.nanoTime() - started);
        } catch (SQLException | RuntimeException e) {
            closeQuietly();
            outcome.commitFailed(this, e);
        }
    }

    private void closeQuietly() {
        if (tx == null) {
            return;
        }
        try {
            tx.close();
        } catch (SQLException | RuntimeException ignored) {
            // the connection may be the broken one; the intents stay for the repairer
        }
    }
}
