package io.shardbridge.bridge.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verification finds exactly the rows planted on the mirror — missing, extra and changed — with no
 * false positive across engines (numeric scale, timestamptz, NULLs, a two-column key), and repair
 * makes a second verification clean.
 */
abstract class VerifyContract {
    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = BridgeFixture.get(dialect());
        ds = fixture.dataSource();
        fixture.reset("fill", MigrationPhase.LEGACY_ONLY, "fill_row");
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("INSERT INTO fill_row (acct_id, seq, amount, memo, booked_at) SELECT a, s, (a * 7 + s) / 100.0, "
                    + "CASE WHEN s % 3 = 0 THEN NULL ELSE 'memo ' || a || '/' || s END, "
                    + "timestamptz '2026-03-29 00:30:00.123456+00' + a * interval '1 minute' FROM generate_series(1, 50) a, generate_series(1, 10) s");
        }
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        ds.bridge().backfill("fill").restart(true).run(p -> { });
    }

    @Test
    void refusesWhenOnlyOneSideReceivesWrites() throws SQLException {
        fixture.walk("fill", MigrationPhase.LEGACY_ONLY);
        assertThatThrownBy(() -> ds.bridge().verifier("fill").run()).hasMessageContaining("nothing to compare");
    }

    @Test
    void findsExactlyThePlantedDifferencesAndRepairMakesThemGo() throws SQLException {
        VerifyReport clean = ds.bridge().verifier("fill").chunkRows(64).recheckAfter(Duration.ZERO).run();
        assertThat(clean.differences()).as(clean.summary()).isEmpty();
        assertThat(clean.settled()).isZero();
        assertThat(clean.rowsCompared()).containsEntry("fill_row", 500L);

        plantTheFourDifferences();
        plant("UPDATE %s SET amount = amount * 1 WHERE acct_id = 4", 4); // same value, different scale on some engines: no difference

        VerifyReport found = ds.bridge().verifier("fill").chunkRows(64).recheckAfter(Duration.ZERO).run();
        assertThat(found.equal()).isFalse();
        assertThat(found.differences()).extracting(d -> d.kind() + " " + d.key().values() + " " + d.columns())
                .containsExactlyInAnyOrder("MISSING [1, 1] []", "EXTRA [9, 99] []", "DIFFERENT [2, 2] [amount]", "DIFFERENT [3, 3] [memo]");
        assertThat(found.toJson()).contains("\"equal\":false").contains("\"kind\":\"EXTRA\"");
        assertThat(found.summary()).contains("4 difference(s)");

        assertThat(ds.bridge().repair("fill", found)).isEqualTo(4);
        VerifyReport after = ds.bridge().verifier("fill").recheckAfter(Duration.ZERO).run();
        assertThat(after.differences()).as(after.summary()).isEmpty();
        assertThat(fixture.targetRows("fill_row")).containsExactlyElementsOf(fixture.legacyRows("fill_row"));
    }

    @Test
    void bisectsLargeRangesDownToTheSameRows() throws SQLException {
        plantTheFourDifferences();
        VerifyReport found = ds.bridge().verifier("fill").chunkRows(1000).leafRows(3).recheckAfter(Duration.ZERO).run();
        assertThat(found.differences()).extracting(d -> d.kind() + " " + d.key().values() + " " + d.columns())
                .containsExactlyInAnyOrder("MISSING [1, 1] []", "EXTRA [9, 99] []", "DIFFERENT [2, 2] [amount]", "DIFFERENT [3, 3] [memo]");
        assertThat(found.rowsCompared()).containsEntry("fill_row", 500L);
    }

    @Test
    void withTheTargetAuthoritativeLegacyIsTheSideThatIsWrong() throws SQLException {
        fixture.walk("fill", MigrationPhase.LIVE);
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM fill_row WHERE acct_id = 5 AND seq = 5");
            st.executeUpdate("UPDATE fill_row SET booked_at = booked_at + interval '1 microsecond' WHERE acct_id = 6 AND seq = 6");
        }
        VerifyReport found = ds.bridge().verifier("fill").chunkRows(40).leafRows(4).recheckAfter(Duration.ZERO).run();
        assertThat(found.authoritative()).isEqualTo(io.shardbridge.config.MigrationPhase.Side.TARGET);
        assertThat(found.differences()).extracting(d -> d.kind() + " " + d.key().values() + " " + d.columns())
                .containsExactlyInAnyOrder("MISSING [5, 5] []", "DIFFERENT [6, 6] [booked_at]");
        ds.bridge().repair("fill", found);
        assertThat(ds.bridge().verifier("fill").recheckAfter(Duration.ZERO).run().differences()).isEmpty();
    }

    /**
     * Text keys whose order differs between collations ('-', '_', case, accents): legacy's column sorts
     * with ICU, the shards' in binary. Range boundaries compared in either engine's own collation would
     * put keys in different ranges on the two sides and report rows that are equal.
     */
    @Test
    void textKeysAreRangedInBinaryOrderOnBothEngines() throws SQLException {
        fixture.reset("codes", MigrationPhase.LEGACY_ONLY, "code_row");
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("INSERT INTO code_row SELECT r, p || s, 'n' || r || p || s FROM generate_series(1, 3) r, "
                    + "unnest(ARRAY['a-', 'A-', 'a', '-a', 'B', 'b', '_x', 'Z', 'é', 'E', 'e-', 'ß', '0', '~']) p, generate_series(1, 4) s");
        }
        fixture.walk("codes", MigrationPhase.DUAL_WRITE);
        ds.bridge().backfill("codes").restart(true).run(p -> { });
        for (int chunk : new int[] {1, 5, 7, 1000}) {
            VerifyReport clean = ds.bridge().verifier("codes").chunkRows(chunk).leafRows(2).recheckAfter(Duration.ZERO).run();
            assertThat(clean.differences()).as("chunk %d: %s", chunk, clean.summary()).isEmpty();
            assertThat(clean.settled()).as("chunk %d: rows suspected at first sight", chunk).isZero();
            assertThat(clean.rowsCompared()).containsEntry("code_row", 168L);
        }
        PhysicalTable physical = fixture.layout("code_row").locate(2L);
        try (Connection c = fixture.shardConnection(physical.shard()); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE %s SET note = 'changed' WHERE region = 2 AND code = 'A-3'".formatted(physical.table()));
            st.executeUpdate("DELETE FROM %s WHERE region = 2 AND code = '_x1'".formatted(physical.table()));
        }
        VerifyReport found = ds.bridge().verifier("codes").chunkRows(9).leafRows(2).recheckAfter(Duration.ZERO).run();
        assertThat(found.differences()).extracting(d -> d.kind() + " " + d.key().values() + " " + d.columns())
                .containsExactlyInAnyOrder("DIFFERENT [2, A-3] [note]", "MISSING [2, _x1] []");
        assertThat(found.settled()).isZero();
    }

    /** Continuous mode: the keys written through the bridge are re-read on both sides after the settle time; a tampered one is reported. */
    @Test
    void continuousModeRechecksTheKeysJustWritten() throws Exception {
        List<VerifyReport.Difference> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ContinuousVerifier continuous = ds.bridge().continuousVerifier("fill", Duration.ofMillis(200), reported::add).start(Duration.ofHours(1))) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                for (int k = 1; k <= 3; k++) {
                    st.executeUpdate("UPDATE fill_row SET amount = amount + 1 WHERE acct_id = " + k + " AND seq = " + k);
                }
            }
            ds.bridge().awaitMirrored();
            plant("UPDATE %s SET memo = 'tampered' WHERE acct_id = 2 AND seq = 2", 2);
            Thread.sleep(250);
            assertThat(continuous.checkOnce()).extracting(d -> d.kind() + " " + d.key().values() + " " + d.columns())
                    .containsExactly("DIFFERENT [2, 2] [memo]");
            assertThat(reported).hasSize(1);
            assertThat(fixture.registry().find("shardbridge.verify.continuous.rows").tag("unit", "fill").counter().count()).isEqualTo(3.0);
            assertThat(continuous.checkOnce()).as("each written key is checked once").isEmpty();
        }
    }

    private void plantTheFourDifferences() throws SQLException {
        plant("DELETE FROM %s WHERE acct_id = 1 AND seq = 1", 1);
        plant("INSERT INTO %s (acct_id, seq, amount, memo, booked_at) VALUES (9, 99, 1.00, 'extra', '2026-01-01 00:00:00')", 9);
        plant("UPDATE %s SET amount = amount + 0.01 WHERE acct_id = 2 AND seq = 2", 2);
        plant("UPDATE %s SET memo = 'changed' WHERE acct_id = 3 AND seq = 3", 3); // was NULL
    }

    /** Runs a statement on the target's physical table that holds {@code acctId}'s rows. */
    private void plant(String sql, long acctId) throws SQLException {
        PhysicalTable physical = fixture.layout("fill_row").locate(acctId);
        try (Connection c = fixture.shardConnection(physical.shard()); Statement st = c.createStatement()) {
            st.executeUpdate(sql.formatted(physical.table()));
        }
    }

}
