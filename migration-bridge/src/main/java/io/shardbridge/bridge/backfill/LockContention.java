package io.shardbridge.bridge.backfill;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a backfill chunk does when a source row it would lock is locked by the service (DESIGN §6, §12).
 *
 * <p>The chunk reads {@code FOR SHARE NOWAIT} (PostgreSQL) / {@code FOR UPDATE NOWAIT} (MySQL): it takes
 * its row locks without ever waiting for one. A deadlock is a cycle of transactions each waiting for a
 * lock another holds; a transaction that never waits is on no cycle, so the service's transactions —
 * {@code SELECT … FOR UPDATE} in any key order — can deadlock with each other but never with the
 * backfill, and never get 40P01 / 1213 because of it. A row locked by the service makes the chunk fail
 * at once (55P03 / MySQL 1205, 3572); the chunk's transaction is rolled back, releasing every lock it
 * took, and the chunk is retried after a growing, jittered pause (5 ms doubling up to 250 ms) with half as many rows,
 * down to one. The service
 * waits at most for one chunk's lock hold (the time target, 0.5 s by default, plus the mirror write,
 * bounded by the unit's mirror timeout), never for a chain of them.
 *
 * <p>Why the share lock still orders the chunk against dual writes (§6's argument): once the read
 * returned, every row of the chunk is locked exactly as a waiting {@code FOR SHARE} would have locked
 * it; NOWAIT only changes what happens when a lock is not free (fail instead of wait), and a failed
 * chunk writes nothing to the mirror: it rolls back before the mirror transaction begins.
 *
 * <p>The mirror write of a chunk may still wait for a mirror row lock: only a dual-writer that already
 * committed on the source can hold one on a row the chunk has share-locked (it would otherwise hold
 * the source row's exclusive lock, and the NOWAIT read would have failed), and such a writer waits
 * for nothing but its own mirror commit — so that wait closes no cycle either.
 */
final class LockContention {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LockContention.class);
    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(5).toNanos();
    private static final long MAX_PAUSE_NANOS = Duration.ofMillis(250).toNanos();

    private final int retries;
    private final long maxPauseNanos;
    private int failures;

    LockContention(int retries, Duration maxPause) {
        this.retries = retries;
        // a service transaction holds its locks for milliseconds: pausing longer only slows the copy
        this.maxPauseNanos = Math.max(FIRST_PAUSE_NANOS, Math.min(MAX_PAUSE_NANOS, maxPause.toNanos()));
    }

    /** A row lock the chunk would take is held by another transaction (PostgreSQL 55P03; MySQL/MariaDB 1205, 3572). */
    static boolean isLockNotAvailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("55P03".equals(s.getSQLState()) || s.getErrorCode() == 1205 || s.getErrorCode() == 3572)) {
                return true;
            }
        }
        return false;
    }

    void succeeded() {
        failures = 0;
    }

    /** The pause before the next attempt; throws once {@link #retries} attempts in a row found a locked row. */
    long failed(SQLException e, String table, int range) throws SQLException {
        failures++;
        if (failures > retries) {
            throw new SQLException("backfill of " + table + " (key range " + range + ") found rows locked by other transactions " + failures
                    + " times in a row; its progress is saved. Run it again when the service's lock holds are shorter, or allow more "
                    + "attempts (Backfill.lockRetries / --lock-retries). Last: " + e.getMessage(), "55P03", e);
        }
        long pause = Math.min(maxPauseNanos, FIRST_PAUSE_NANOS << Math.min(20, failures - 1));
        if (failures == 1 || failures % 20 == 0) {
            LOG.info("backfill of {} (key range {}): a row is locked by the service; retrying with a smaller chunk ({} attempt(s))", table, range, failures);
        }
        return pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1);
    }
}
