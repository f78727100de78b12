package io.shardbridge.bridge.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.bridge.testing.PausingDataSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.sharding.PhysicalTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An UPDATE that changes a shard key moves the row between shards inside the transaction, in every
 * phase, and a row whose shard key is still NULL lives in slot 0 until then (issue #24 item 2): the
 * pattern Hibernate's unidirectional {@code @OneToMany @JoinColumn} sends, a move committed and rolled
 * back, and the race of issue #16 item 4 (a row committed between the layer's read of the keys and the
 * UPDATE). After each, the target holds every row once, where its shard key puts it, and in a mirroring
 * phase both sides are equal by the verifier.
 */
abstract class KeyMoveContract {
    static final String UNIT = "keymove";

    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() {
        fixture = BridgeFixture.get(dialect());
        ds = fixture.dataSource();
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "SHADOW", "LIVE", "RAMP_DOWN", "TARGET_ONLY"})
    void hibernateInsertsTheChildWithoutItsKeyThenSetsIt(MigrationPhase phase) throws Exception {
        enter(phase);
        long id;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            id = insertWithoutKey(c, "first visit");
            try (PreparedStatement ps = c.prepareStatement("update km_visit set pet_id=? where id=?")) {
                ps.setInt(1, 14);
                ps.setLong(2, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            c.commit();
        }
        assertPlaced(phase, "km_visit", id, 14);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pet_id, description FROM km_visit WHERE id = " + id)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(14);
            assertThat(rs.getString(2)).isEqualTo("first visit");
        }
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "SHADOW", "LIVE", "RAMP_DOWN", "TARGET_ONLY"})
    void aRowWhoseShardKeyIsNullLivesInSlotZero(MigrationPhase phase) throws Exception {
        enter(phase);
        long id;
        try (Connection c = ds.getConnection()) {
            id = insertWithoutKey(c, "no pet yet");
        }
        assertPlaced(phase, "km_visit", id, null);
    }

    @ParameterizedTest
    @EnumSource(value = MigrationPhase.class, names = {"DUAL_WRITE", "SHADOW", "LIVE", "RAMP_DOWN", "TARGET_ONLY"})
    void anUpdateMovesTheRowBetweenShardsAndARollbackLeavesItWhereItWas(MigrationPhase phase) throws Exception {
        enter(phase);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO km_acct (id, user_id, note) VALUES (1, 1, 'a'), (2, 1, 'b')");
        }
        assertThat(fixture.layout("km_acct").locate(1L).shard()).isNotEqualTo(fixture.layout("km_acct").locate(2L).shard());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("UPDATE km_acct SET user_id = ?, note = ? WHERE id = ?")) {
                ps.setLong(1, 2);
                ps.setString(2, "moved");
                ps.setLong(3, 1);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            c.rollback();
            try (PreparedStatement ps = c.prepareStatement("UPDATE km_acct SET user_id = user_id + 1, note = ? WHERE note = ?")) {
                ps.setString(1, "moved");
                ps.setString(2, "b");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            c.commit();
        }
        assertPlaced(phase, "km_acct", 1L, 1L);
        assertPlaced(phase, "km_acct", 2L, 2L);
    }

    /**
     * Issue #16 item 4: the legacy connection pauses after any locking read of the layer, while another
     * transaction commits a row the UPDATE's WHERE matches and moves it. Before the UPDATE read the old keys
     * in its own statement, that row was written unchecked and the target held its id twice.
     */
    @Test
    void aRowCommittedWhileTheUpdateRunsIsMovedOnceAndNeverDuplicated() throws Exception {
        enter(MigrationPhase.DUAL_WRITE);
        PausingDataSource pausing = new PausingDataSource(fixture.legacy(), sql -> sql.startsWith("SELECT") && sql.contains("FOR UPDATE"));
        try (BridgeDataSource racing = BridgeDataSource.builder(fixture.config()).legacyDataSource(pausing)
                .requireBackfillBeforeReads(false).readinessGate(false).outsideWriteCatchUp(false).instanceId("keymove-race").open()) {
            try (Connection c = racing.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO km_acct (id, user_id, note) VALUES (10, 2, 'x')");
            }
            pausing.arm();
            CompletableFuture<Integer> updater = CompletableFuture.supplyAsync(() -> {
                try (Connection c = racing.getConnection()) {
                    c.setAutoCommit(false);
                    int n;
                    try (PreparedStatement ps = c.prepareStatement("UPDATE km_acct SET user_id = ?, note = ? WHERE note = ?")) {
                        ps.setLong(1, 2);
                        ps.setString(2, "x");
                        ps.setString(3, "x");
                        n = ps.executeUpdate();
                    }
                    c.commit();
                    return n;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            boolean paused = pausing.awaitPaused(5, TimeUnit.SECONDS); // only the old two-statement check pauses here
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO km_acct (id, user_id, note) VALUES (11, 1, 'x')");
            }
            pausing.resume();
            int updated = updater.get(30, TimeUnit.SECONDS);
            assertThat(updated).as("paused between read and write: %s", paused).isBetween(1, 2);
        }
        ds.bridge().awaitMirrored();
        List<String> places = fixture.placements("km_acct");
        assertThat(places).as("every id once on the target").doesNotHaveDuplicates();
        assertThat(places.stream().map(p -> p.substring(p.lastIndexOf(':') + 1)).toList()).doesNotHaveDuplicates();
        assertThat(fixture.targetRows("km_acct")).isEqualTo(fixture.legacyRows("km_acct"));
        assertThat(ds.bridge().verifier(UNIT).recheckAfter(Duration.ZERO).run().equal()).isTrue();
    }

    /**
     * Issue #16 item 4 on the shards (target authoritative, READ COMMITTED, so no next-key locks): the
     * capture pauses after its locking read while another transaction commits a row the UPDATE's WHERE
     * matches. The rows the UPDATE changed must be exactly the rows it captured; before, the UPDATE repeated
     * its WHERE clause and changed the new row too, unseen by the mirror.
     */
    @Test
    void onTheShardsTheWriteChangesExactlyTheRowsItCaptured() throws Exception {
        enter(MigrationPhase.LIVE);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO km_acct (id, user_id, note) VALUES (20, 2, 'y')");
        }
        String sql = "UPDATE km_acct SET note = ? WHERE note = ?";
        WriteRequest request = new WriteRequest(sql, new io.shardbridge.bridge.sql.StatementClassifier(Dialect.POSTGRESQL).classify(sql),
                fixture.table("km_acct"), "user_id", List.of(new Values("done", "y")), false, KeysRequest.NONE, st -> { }, null);
        PausingDataSource pausing = new PausingDataSource(ds.bridge().targetDataSource(), q -> q.startsWith("SELECT") && q.contains("FOR UPDATE"));
        PendingChanges pending = new PendingChanges();
        pausing.arm();
        try (Connection routing = pausing.getConnection()) {
            routing.setAutoCommit(false);
            routing.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            CompletableFuture<CaptureResult> capture = CompletableFuture.supplyAsync(() -> {
                try {
                    return WriteCapture.target(fixture.config().target(), null).execute(routing, request, pending);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            pausing.awaitPaused(3, TimeUnit.SECONDS); // MySQL shards: a locking read, then the write; PostgreSQL: one statement
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO km_acct (id, user_id, note) VALUES (21, 1, 'y')");
            }
            pausing.resume();
            long written = capture.get(30, TimeUnit.SECONDS).totalCount();
            routing.commit();
            assertThat(written).isEqualTo(pending.size());
        }
        List<Object> captured = pending.all().stream().map(p -> RowImageNormal.id(p.image().get("id"))).toList();
        List<Object> changed = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM km_acct WHERE note = 'done' ORDER BY id")) {
            while (rs.next()) {
                changed.add(rs.getLong(1));
            }
        }
        assertThat(captured).as("captured rows").containsExactlyInAnyOrderElementsOf(changed);
    }

    /** One execution's parameter values. */
    private record Values(Object... values) implements StatementParameters {
        @Override
        public void bindAll(PreparedStatement target) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                target.setObject(i + 1, values[i]);
            }
        }

        @Override
        public void bind(PreparedStatement target, int sourceIndex, int targetPosition) throws SQLException {
            target.setObject(targetPosition, values[sourceIndex]);
        }

        @Override
        public Object value(int sourceIndex) {
            return values[sourceIndex];
        }
    }

    /** Ids as longs, whichever driver read them. */
    private static final class RowImageNormal {
        static Object id(Object value) {
            return ((Number) value).longValue();
        }
    }

    private static long insertWithoutKey(Connection c, String description) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into km_visit (visit_date, description) values (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setObject(1, LocalDate.of(2026, 11, 30));
            ps.setString(2, description);
            assertThat(ps.executeUpdate()).isEqualTo(1);
            try (ResultSet keys = ps.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                return keys.getLong("id");
            }
        }
    }

    /** Walks to the phase with the unit's tables empty (through a verification into TARGET_ONLY, as letting legacy go needs). */
    private void enter(MigrationPhase phase) throws SQLException {
        if (phase == MigrationPhase.TARGET_ONLY) {
            fixture.reset(UNIT, MigrationPhase.RAMP_DOWN, "km_visit", "km_acct");
            assertThat(ds.bridge().verifier(UNIT).recheckAfter(Duration.ZERO).run().equal()).isTrue();
            ds.bridge().moveTo(UNIT, MigrationPhase.TARGET_ONLY);
            return;
        }
        fixture.reset(UNIT, phase, "km_visit", "km_acct");
    }

    /** The row is on the target once, in the physical table its shard key (NULL: slot 0) names; both sides equal while mirrored. */
    private void assertPlaced(MigrationPhase phase, String table, Object id, Object shardKey) throws SQLException {
        ds.bridge().awaitMirrored();
        PhysicalTable place = fixture.layout(table).locate(shardKey);
        if (shardKey == null) {
            assertThat(place).isEqualTo(fixture.layout(table).physicalTableOf(0));
        }
        assertThat(fixture.placements(table).stream().filter(p -> p.endsWith(":" + id)).toList()).containsExactly(place + ":" + id);
        if (phase.mirrorsWrites()) {
            assertThat(fixture.targetRows(table)).isEqualTo(fixture.legacyRows(table));
            assertThat(ds.bridge().verifier(UNIT).recheckAfter(Duration.ZERO).run().equal()).isTrue();
        }
    }
}
