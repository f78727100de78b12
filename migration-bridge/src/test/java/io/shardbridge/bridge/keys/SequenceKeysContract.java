package io.shardbridge.bridge.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue #17, DESIGN §5 "keys once the target is authoritative": an {@code integer serial} table walks
 * LEGACY_ONLY → … → TARGET_ONLY → … → SHADOW while instances with their own pools (and one in another
 * JVM) insert without giving the key (or giving it as {@code DEFAULT}), in every way a caller asks for
 * its key back. Every insert
 * succeeds; every key is unique, continues above legacy's sequence at the flip and fits the column; and
 * legacy's sequence is past all of them once legacy is authoritative again.
 */
abstract class SequenceKeysContract {
    private final SequenceKeysCluster cluster;

    SequenceKeysContract(Dialect dialect) {
        this.cluster = new SequenceKeysCluster(dialect);
    }

    @Test
    void twoInstancesWalkTheWholeWayAndBackWithoutGivingAKey() throws Exception {
        cluster.reset();
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = new CopyOnWriteArrayList<>();
        try (BridgeDataSource a = cluster.instance("keys-a"); BridgeDataSource b = cluster.instance("keys-b")) {
            forwardToLive(a);
            assertThat(cluster.legacyNext()).isEqualTo(SequenceKeysCluster.LEGACY_ROWS + 1);
            insertConcurrently(a, b, 40, ids, duplicates);
            assertThat(Collections.min(ids)).as("keys continue right above legacy's sequence").isEqualTo(SequenceKeysCluster.LEGACY_ROWS + 1L);
            insertExplicit(a, 5_000_000);

            a.bridge().moveTo(cluster.unit, MigrationPhase.RAMP_DOWN);
            insertConcurrently(a, b, 10, ids, duplicates);
            a.bridge().awaitMirrored();
            b.bridge().awaitMirrored();
            // legacy is let go only once a verification found it equal (DESIGN §4)
            assertThat(a.bridge().verifier(cluster.unit).recheckAfter(Duration.ofMillis(300)).run().equal()).isTrue();
            a.bridge().moveTo(cluster.unit, MigrationPhase.TARGET_ONLY);
            insertConcurrently(a, b, 15, ids, duplicates);
            insertExplicit(b, 5_000_001);

            a.bridge().moveTo(cluster.unit, MigrationPhase.RAMP_DOWN);
            a.bridge().backfill(cluster.unit).run(p -> { });
            assertThat(a.bridge().verifier(cluster.unit).recheckAfter(Duration.ofMillis(300)).run().equal()).isTrue();
            a.bridge().moveTo(cluster.unit, MigrationPhase.LIVE);
            insertConcurrently(a, b, 10, ids, duplicates);
            a.bridge().moveTo(cluster.unit, MigrationPhase.SHADOW);

            assertThat(duplicates).as("keys issued twice").isEmpty();
            assertThat(ids).allSatisfy(id -> assertThat(id).isGreaterThan(SequenceKeysCluster.LEGACY_ROWS).isLessThanOrEqualTo(Integer.MAX_VALUE));
            List<Long> onTarget = cluster.targetIds();
            assertThat(new HashSet<>(onTarget)).hasSize(onTarget.size()).containsAll(ids).contains(5_000_000L, 5_000_001L);
            assertThat(onTarget).hasSize(SequenceKeysCluster.LEGACY_ROWS + ids.size() + 2);

            long highest = Math.max(Collections.max(ids), 5_000_001L);
            assertThat(cluster.legacyNext()).as("legacy's sequence is past every key the target issued").isGreaterThan(highest);
            long viaBridge = insertOne(a, Statement.RETURN_GENERATED_KEYS);
            assertThat(viaBridge).as("an insert through shardbridge with legacy authoritative again").isGreaterThan(highest);
            try (Connection legacy = cluster.legacy(); Statement st = legacy.createStatement();
                 ResultSet rs = st.executeQuery("INSERT INTO " + cluster.table + " (user_id, note) VALUES (3, 'direct') RETURNING id")) {
                rs.next();
                assertThat(rs.getLong(1)).as("a direct insert on legacy").isGreaterThan(viaBridge);
            }
        }
    }

    @Test
    void aProcessKilledMidBlockLeavesAGapNeverADuplicate() throws Exception {
        cluster.reset();
        Set<Long> parentIds = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = new CopyOnWriteArrayList<>();
        Path stop = Files.createTempFile("shardbridge-stop-", "");
        Files.delete(stop);
        // the child starts (a JVM takes seconds) while the parent walks the unit to LIVE; it inserts from LIVE on
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KeyInsertProcess.class.getName(), cluster.yamlFile().toString(), stop.toString(),
                "keys-child", cluster.table, cluster.unit).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.start();
        try (BridgeDataSource parent = cluster.instance("keys-parent")) {
            long started = System.nanoTime();
            while (lines.stream().noneMatch(l -> l.startsWith("ready")) && child.isAlive() && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(180)) {
                Thread.sleep(50);
            }
            assertThat(lines).as("the child instance started (a second JVM opening a target; slow on a loaded machine):\n" + String.join("\n", lines)).anyMatch(l -> l.startsWith("ready"));
            forwardToLive(parent);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                // the parent inserts alongside the child until the child is 10 keys into its second block, then the child dies
                while (childIds(lines).size() < SequenceKeysCluster.BLOCK + 10 && System.nanoTime() < deadline && child.isAlive()) {
                    parentIds.add(insertOne(parent, Statement.RETURN_GENERATED_KEYS));
                    Thread.sleep(20);
                }
                assertThat(childIds(lines)).as(String.join("\n", lines)).hasSizeGreaterThanOrEqualTo(SequenceKeysCluster.BLOCK + 10);
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
                reader.join(10_000);
            }
            List<Long> child1 = childIds(lines);
            int inBlock = child1.size() % SequenceKeysCluster.BLOCK;
            assertThat(inBlock).as("the child died with part of a block unused").isNotZero();
            long blockStart = child1.get(child1.size() - inBlock);
            long lastChild = child1.get(child1.size() - 1);
            assertThat(lastChild).isEqualTo(blockStart + inBlock - 1);

            for (int i = 0; i < 3 * SequenceKeysCluster.BLOCK; i++) {
                long id = insertOne(parent, i % 2 == 0 ? Statement.RETURN_GENERATED_KEYS : Statement.NO_GENERATED_KEYS);
                if (id > 0 && !parentIds.add(id)) {
                    duplicates.add(id);
                }
            }
            Set<Long> all = new HashSet<>(parentIds);
            for (long id : child1) {
                if (!all.add(id)) {
                    duplicates.add(id);
                }
            }
            assertThat(duplicates).isEmpty();
            List<Long> onTarget = cluster.targetIds();
            assertThat(new HashSet<>(onTarget)).hasSize(onTarget.size()).containsAll(child1).containsAll(parentIds);
            long blockEnd = blockStart + SequenceKeysCluster.BLOCK;
            assertThat(parentIds).as("no key of the dead child's block is issued again").noneMatch(id -> id >= blockStart && id < blockEnd);
            assertThat(onTarget).as("the dead child's unused keys are a gap (but for the insert it may have committed and not printed)")
                    .filteredOn(id -> id > lastChild && id < blockEnd).hasSizeLessThanOrEqualTo(1);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void theFlipIsRefusedWhenAnIntegerKeySpaceIsNearlyExhausted() throws Exception {
        cluster.reset();
        try (Connection legacy = cluster.legacy(); Statement st = legacy.createStatement()) {
            st.execute("SELECT setval('" + cluster.table + "_id_seq', " + (Integer.MAX_VALUE - 1_000_000) + ")");
        }
        try (BridgeDataSource a = cluster.instance("keys-full")) {
            a.bridge().moveTo(cluster.unit, MigrationPhase.DUAL_WRITE);
            a.bridge().backfill(cluster.unit).run(p -> { });
            assertThat(a.bridge().verifier(cluster.unit).recheckAfter(Duration.ofMillis(300)).run().equal()).isTrue();
            a.bridge().moveTo(cluster.unit, MigrationPhase.SHADOW);
            assertThatThrownBy(() -> a.bridge().moveTo(cluster.unit, MigrationPhase.LIVE)).isInstanceOf(SQLException.class)
                    .hasMessageContaining(cluster.table + ".id").hasMessageContaining("nearly exhausted").hasMessageContaining("TYPE bigint")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
            assertThat(a.bridge().phase(cluster.unit)).isEqualTo(MigrationPhase.SHADOW);
            assertThat(insertOne(a, Statement.RETURN_GENERATED_KEYS)).as("legacy still issues its keys").isEqualTo(Integer.MAX_VALUE - 999_999L);
        }
    }

    private static List<Long> childIds(List<String> lines) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith("id ")).map(l -> Long.parseLong(l.substring(3))).toList();
        }
    }

    private void forwardToLive(BridgeDataSource a) throws SQLException {
        a.bridge().moveTo(cluster.unit, MigrationPhase.DUAL_WRITE);
        a.bridge().backfill(cluster.unit).run(p -> { });
        assertThat(a.bridge().verifier(cluster.unit).recheckAfter(Duration.ofMillis(300)).run().equal()).isTrue();
        a.bridge().moveTo(cluster.unit, MigrationPhase.SHADOW);
        a.bridge().moveTo(cluster.unit, MigrationPhase.LIVE);
    }

    /** Both instances insert {@code rounds} times each, at once, every way a caller asks for its keys. */
    private void insertConcurrently(BridgeDataSource a, BridgeDataSource b, int rounds, Set<Long> ids, List<Long> duplicates) throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (BridgeDataSource ds : List.of(a, b, a, b)) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        for (long id : insertEveryWay(ds, i)) {
                            if (!ids.add(id)) {
                                duplicates.add(id);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(failures).as("inserts that failed").isEmpty();
    }

    /** One of the ways a caller gets its key back, by round. */
    private List<Long> insertEveryWay(BridgeDataSource ds, int round) throws SQLException {
        String table = cluster.table;
        List<Long> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            switch (round % 7) {
                case 0 -> out.add(insertOne(ds, Statement.RETURN_GENERATED_KEYS));
                case 1 -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (user_id, note) VALUES (?, ?)", new String[] {"id"})) {
                        ps.setLong(1, round);
                        ps.setString(2, "by column name");
                        ps.executeUpdate();
                        out.addAll(keys(ps.getGeneratedKeys()));
                    }
                }
                case 2 -> {
                    try (Statement st = c.createStatement()) {
                        st.executeUpdate("INSERT INTO " + table + " (user_id, note) VALUES (" + round + ", 'plain')", Statement.RETURN_GENERATED_KEYS);
                        out.addAll(keys(st.getGeneratedKeys()));
                    }
                }
                case 3 -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (user_id, note) VALUES (?, 'batch')",
                            Statement.RETURN_GENERATED_KEYS)) {
                        for (int i = 0; i < 3; i++) {
                            ps.setLong(1, round + i);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        out.addAll(keys(ps.getGeneratedKeys()));
                        assertThat(out).hasSize(3);
                    }
                }
                case 4 -> {
                    c.setAutoCommit(false);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (user_id, note) VALUES (?, 'two rows'), (?, 'two rows')",
                            new String[] {"id"})) {
                        ps.setLong(1, round);
                        ps.setLong(2, round + 1);
                        ps.executeUpdate();
                        out.addAll(keys(ps.getGeneratedKeys()));
                        assertThat(out).hasSize(2);
                    }
                    c.commit();
                    c.setAutoCommit(true);
                }
                case 5 -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, user_id, note) VALUES (DEFAULT, ?, 'default')",
                            Statement.RETURN_GENERATED_KEYS)) {
                        ps.setLong(1, round);
                        ps.executeUpdate();
                        out.addAll(keys(ps.getGeneratedKeys()));
                    }
                }
                default -> {
                    if (cluster.dialect == Dialect.POSTGRESQL || ds.bridge().phase(cluster.unit).authoritative() == MigrationPhase.Side.LEGACY) {
                        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (user_id, note) VALUES (?, 'returning') RETURNING id")) {
                            ps.setLong(1, round);
                            out.addAll(keys(ps.executeQuery()));
                        }
                    } else {
                        out.add(insertOne(ds, Statement.RETURN_GENERATED_KEYS));
                    }
                }
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    /** One row without its key; returns the key, or 0 when {@code NO_GENERATED_KEYS} was asked. */
    private long insertOne(BridgeDataSource ds, int generatedKeys) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + cluster.table + " (user_id, note) VALUES (?, ?)", generatedKeys)) {
            ps.setLong(1, 7);
            ps.setString(2, "one");
            assertThat(ps.executeUpdate()).isEqualTo(1);
            if (generatedKeys == Statement.NO_GENERATED_KEYS) {
                return 0;
            }
            List<Long> keys = keys(ps.getGeneratedKeys());
            assertThat(keys).hasSize(1);
            return keys.get(0);
        }
    }

    private void insertExplicit(BridgeDataSource ds, long id) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + cluster.table + " (id, user_id, note) VALUES (?, ?, 'explicit')")) {
            ps.setLong(1, id);
            ps.setLong(2, 11);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<Long> keys(ResultSet rs) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getLong("id"));
            }
        }
        return out;
    }
}
