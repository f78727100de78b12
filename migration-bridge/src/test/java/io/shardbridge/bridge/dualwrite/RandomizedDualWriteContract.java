package io.shardbridge.bridge.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The "no row lost, no stale row" proof against real databases (STYLE: the Ghostferry-style model
 * test): {@code THREADS} threads run random single- and multi-row inserts, updates and deletes on a
 * small hot key set — in autocommit and in explicit transactions, some rolled back, some with savepoints
 * (set before either side joined or later, rolled back to, released) and errors the service catches (then
 * rolls back to its savepoint and goes on, or commits anyway, which commits nothing) — while the unit
 * walks DUAL_WRITE → SHADOW → LIVE → RAMP_DOWN and back, over and over. With the repairer drained,
 * legacy and target must then hold exactly the same rows, compared row by row.
 *
 * <p>CI runs a fixed seed. Any other: {@code mvn -pl migration-bridge verify -Dit.test='*RandomizedDualWriteIT'
 * -Dshardbridge.chaos.seed=N -Dshardbridge.chaos.seconds=60 -Dshardbridge.chaos.threads=16}. The seed fixes
 * every choice each thread makes; thread timing is the operating system's.
 */
abstract class RandomizedDualWriteContract {
    static final long SEED = Long.getLong("shardbridge.chaos.seed", 20261125L);
    static final int SECONDS = Integer.getInteger("shardbridge.chaos.seconds", 8);
    static final int THREADS = Integer.getInteger("shardbridge.chaos.threads", 8);
    static final int KEYS = 40;
    static final List<MigrationPhase> WALK = List.of(MigrationPhase.SHADOW, MigrationPhase.LIVE, MigrationPhase.RAMP_DOWN,
            MigrationPhase.LIVE, MigrationPhase.SHADOW, MigrationPhase.DUAL_WRITE);
    /** Failures a correct service sees under this contention, and retries: duplicates, deadlocks, lock timeouts, fence waits. */
    static final Set<String> EXPECTED_STATES = Set.of("23505", "23000", "40P01", "40001", "55P03", "41000", "HY000");

    abstract Dialect dialect();

    @Test
    void randomWritesWhileTheUnitWalksThePhasesLeaveBothSidesEqualRowByRow() throws Exception {
        BridgeFixture fixture = BridgeFixture.get(dialect());
        BridgeDataSource ds = fixture.dataSource();
        fixture.reset("chaos", MigrationPhase.LEGACY_ONLY, "chaos_row");
        fixture.walk("chaos", MigrationPhase.DUAL_WRITE);

        AtomicBoolean stop = new AtomicBoolean();
        LongAdder committed = new LongAdder();
        LongAdder rolledBack = new LongAdder();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(SEED * 31 + t);
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        if (transaction(ds, random)) {
                            committed.increment();
                        } else {
                            rolledBack.increment();
                        }
                    } catch (SQLException e) {
                        rolledBack.increment();
                        String state = String.valueOf(e.getSQLState());
                        failures.computeIfAbsent(state, s -> new AtomicInteger()).incrementAndGet();
                        if (!EXPECTED_STATES.contains(state)) {
                            unexpected.add(state + ": " + e.getMessage());
                        }
                    }
                }
                return null;
            }));
        }
        List<String> moves = new ArrayList<>();
        AtomicInteger abandonedMoves = new AtomicInteger();
        Future<?> mover = pool.submit(() -> {
            int step = 0;
            while (!stop.get()) {
                Thread.sleep(SECONDS * 1000L / 12);
                MigrationPhase next = WALK.get(step % WALK.size());
                try {
                    ds.bridge().moveTo("chaos", next);
                    moves.add(next.name());
                    step++;
                } catch (SQLException e) {
                    abandonedMoves.incrementAndGet(); // a fence that timed out: nothing changed, try again
                }
            }
            return null;
        });
        Thread.sleep(SECONDS * 1000L);
        stop.set(true);
        for (Future<?> f : workers) {
            f.get(60, TimeUnit.SECONDS);
        }
        mover.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        ds.bridge().drainIntents("chaos");
        assertThat(ds.bridge().pendingIntents("chaos")).isZero();
        String summary = "seed " + SEED + ", phase " + ds.bridge().phase("chaos") + ", moves " + moves + " (" + abandonedMoves + " abandoned), "
                + committed + " committed, " + rolledBack + " rolled back, failures by SQLState " + failures;
        System.out.println("[randomized dual write, " + dialect() + "] " + summary);
        assertThat(unexpected).as("unexpected errors; " + summary).isEmpty();
        assertThat(committed.sum()).as(summary).isGreaterThan(50);
        assertThat(moves).as(summary).contains("LIVE", "RAMP_DOWN", "SHADOW");
        List<String> legacy = fixture.legacyRows("chaos_row");
        assertThat(legacy).as(summary).isNotEmpty();
        assertThat(fixture.targetRows("chaos_row")).as(summary).containsExactlyElementsOf(legacy);
    }

    /** One random transaction; true when it committed. */
    private static boolean transaction(BridgeDataSource ds, Random random) throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (random.nextInt(100) < 30) {
                statement(c, random);
                return true;
            }
            c.setAutoCommit(false);
            try {
                int statements = 1 + random.nextInt(3);
                Savepoint savepoint = null;
                for (int i = 0; i < statements; i++) {
                    if (savepoint == null && random.nextInt(100) < 25) {
                        savepoint = c.setSavepoint(); // at i == 0 before either side has joined the transaction
                    }
                    try {
                        statement(c, random);
                    } catch (SQLException e) {
                        if (!EXPECTED_STATES.contains(e.getSQLState()) || random.nextBoolean()) {
                            throw e;
                        }
                        // the service catches the error: with a savepoint it rolls back to it and goes on (a nested
                        // transaction); without one it commits anyway, which commits nothing, on either side
                        if (savepoint == null) {
                            c.commit();
                            return false;
                        }
                        c.rollback(savepoint);
                        savepoint = null;
                        continue;
                    }
                    if (savepoint != null && random.nextInt(100) < 15) {
                        c.rollback(savepoint);
                        savepoint = null;
                    } else if (savepoint != null && random.nextInt(100) < 15) {
                        c.releaseSavepoint(savepoint);
                        savepoint = null;
                    }
                }
                if (random.nextInt(100) < 10) {
                    c.rollback();
                    return false;
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection may be gone; closing it rolls back
                }
                throw e;
            }
        }
    }

    private static void statement(Connection c, Random random) throws SQLException {
        int kind = random.nextInt(100);
        long id = 1 + random.nextInt(KEYS);
        if (kind < 20) {
            run(c, "INSERT INTO chaos_row (id, grp, val, note) VALUES (?, ?, ?, ?)", id, id % 5, random.nextInt(1000), note(random));
        } else if (kind < 30) {
            long other = 1 + random.nextInt(KEYS);
            if (other == id) {
                other = id % KEYS + 1;
            }
            run(c, "INSERT INTO chaos_row (id, grp, val, note) VALUES (?, ?, ?, ?), (?, ?, ?, ?)",
                    id, id % 5, random.nextInt(1000), note(random), other, other % 5, random.nextInt(1000), note(random));
        } else if (kind < 50) {
            run(c, "UPDATE chaos_row SET val = val + ?, note = ? WHERE id = ?", 1 + random.nextInt(9), note(random), id);
        } else if (kind < 60) {
            long to = Math.min(KEYS, id + random.nextInt(6));
            run(c, "UPDATE chaos_row SET val = (val * 7 + 3) % 1000003 WHERE id BETWEEN ? AND ?", id, to);
        } else if (kind < 68) {
            run(c, "UPDATE chaos_row SET note = ? WHERE grp = ?", note(random), (long) random.nextInt(5));
        } else if (kind < 85) {
            run(c, "DELETE FROM chaos_row WHERE id = ?", id);
        } else {
            run(c, "DELETE FROM chaos_row WHERE id IN (?, ?)", id, 1 + random.nextInt(KEYS));
        }
    }

    private static String note(Random random) {
        String[] words = {"ok", "卡片", "余额", "€", "emoji 🙂", "a|b", "", "x".repeat(40)};
        return words[random.nextInt(words.length)] + random.nextInt(100);
    }

    private static void run(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }
}
