package io.shardbridge.examples.demo;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service's steady traffic during the migration: two threads per instance, each a loop of top-ups
 * (a card updated by key and a card_event inserted without its id, in one transaction) and new cards,
 * through the instances' DataSources — the only thing the service's
 * code ever touches. Counts writes and failures, and the longest write around the authority flip.
 */
final class Workload implements AutoCloseable {
    /** The last this many seeded cards are never updated (the demo tampers with them). */
    static final int UNTOUCHED = 100;

    private final List<BridgeDataSource> instances;
    private final AtomicLong nextCard;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong flipMaxNanos = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    /** {event_id, started, ended} of every card_event written. */
    private final java.util.Queue<long[]> eventIds = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final int updatable;
    private volatile long flipStarted;
    private volatile long flipEnded = Long.MAX_VALUE;
    private volatile String lastFailure;

    Workload(List<BridgeDataSource> instances, int seededRows) {
        this.instances = instances;
        this.nextCard = new AtomicLong(seededRows);
        this.updatable = Math.max(1, seededRows - UNTOUCHED);
    }

    Workload start() {
        int n = 0;
        for (BridgeDataSource ds : instances) {
            for (int t = 0; t < 2; t++) {
                Random random = new Random(++n);
                Thread thread = new Thread(() -> loop(ds, random), "workload-" + n);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
        return this;
    }

    private void loop(BridgeDataSource ds, Random random) {
        while (!stop.get()) {
            boolean insert = random.nextInt(5) == 0;
            long started = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                long card = insert ? nextCard.incrementAndGet() : 1 + random.nextInt(updatable);
                if (insert) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO bank_card (card_id, user_id, pan_last4, status, balance, issued_at, memo) "
                            + "VALUES (?, ?, '0000', 'NEW', 0, now(), 'issued during the migration')")) {
                        ps.setLong(1, card);
                        ps.setLong(2, card % 20000);
                        ps.executeUpdate();
                    }
                } else {
                    topUp(c, card, started);
                }
                writes.incrementAndGet();
                long ended = System.nanoTime();
                if (ended >= flipStarted && started <= flipEnded && flipStarted != 0) {
                    flipMaxNanos.accumulateAndGet(ended - started, Math::max);
                }
            } catch (SQLException e) {
                failures.incrementAndGet();
                lastFailure = e.getMessage();
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A top-up: the card's balance and an event whose id the database (from LIVE on, shardbridge) fills, in one transaction. */
    private void topUp(Connection c, long card, long started) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement update = c.prepareStatement("UPDATE bank_card SET balance = balance + 1.25, status = 'USED' WHERE card_id = ? AND user_id = ?");
             PreparedStatement event = c.prepareStatement("INSERT INTO card_event (card_id, user_id, amount) VALUES (?, ?, 1.25)", new String[] {"event_id"})) {
            update.setLong(1, card);
            update.setLong(2, card % 20000);
            update.executeUpdate();
            event.setLong(1, card);
            event.setLong(2, card % 20000);
            event.executeUpdate();
            long id;
            try (ResultSet keys = event.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            c.commit();
            eventIds.add(new long[] {id, started, System.nanoTime()});
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * What the card_event ids did across the flip to LIVE: {highest id of an event written before the flip
     * began, lowest id of one written after it ended, highest id of all, events, distinct ids}.
     */
    long[] eventIdsAcrossTheFlip() {
        long before = 0;
        long after = Long.MAX_VALUE;
        long highest = 0;
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        for (long[] e : eventIds) {
            distinct.add(e[0]);
            highest = Math.max(highest, e[0]);
            if (e[2] < flipStarted) {
                before = Math.max(before, e[0]);
            } else if (e[1] > flipEnded) {
                after = Math.min(after, e[0]);
            }
        }
        return new long[] {before, after, highest, eventIds.size(), distinct.size()};
    }

    void markFlip() {
        flipMaxNanos.set(0);
        flipEnded = Long.MAX_VALUE;
        flipStarted = System.nanoTime();
    }

    void endFlip() {
        flipEnded = System.nanoTime();
    }

    long writes() {
        return writes.get();
    }

    long failures() {
        return failures.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    long flipPauseMillis() {
        return flipMaxNanos.get() / 1_000_000;
    }

    void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
