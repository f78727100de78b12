package io.shardbridge.bridge.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.testing.BridgeFixture;
import io.shardbridge.bridge.verify.VacuumAdvice;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #20's slow verification after an upsert-heavy pass: a backfill over rows the mirror already holds
 * leaves a dead row version per row on a PostgreSQL side, and once they outnumber the live rows the
 * backfill's end, {@code verify} and {@code status} name the table and tell the operator to vacuum it;
 * after VACUUM they stop. The way back (into legacy, PostgreSQL on both engines) and the way forward (into
 * PostgreSQL shards; MariaDB's InnoDB purges old versions by itself, so nothing is said there).
 */
abstract class VacuumAdviceContract {
    BridgeFixture fixture;
    BridgeDataSource ds;

    abstract Dialect dialect();

    @BeforeEach
    void setUp() throws SQLException {
        fixture = BridgeFixture.get(dialect());
        ds = fixture.dataSource();
        fixture.reset("fill", MigrationPhase.LEGACY_ONLY, "fill_row");
        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE fill_row SET (autovacuum_enabled = false)"); // the counters must stay as the passes leave them
            st.execute("VACUUM fill_row"); // and start from none left by earlier tests
            st.execute("INSERT INTO fill_row (acct_id, seq, amount) SELECT a, s, a + s FROM generate_series(1, 400) a, generate_series(1, 10) s");
        }
        if (dialect() == Dialect.POSTGRESQL) {
            for (PhysicalTable physical : physicalTables()) {
                try (Connection c = fixture.shardConnection(physical.shard()); Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE " + physical.table() + " SET (autovacuum_enabled = false)");
                    st.execute("VACUUM " + physical.table());
                }
            }
        }
    }

    private List<PhysicalTable> physicalTables() {
        return new ShardLayout(fixture.config().target().table("fill_row").orElseThrow(), fixture.config().target().shardNames()).physicalTables();
    }

    /** A first pass, then two more over rows the mirror holds: two dead versions per row there. */
    private Backfill.Result upsertHeavyBackfill() throws SQLException {
        ds.bridge().backfill("fill").initialChunk(1000).run(p -> { });
        ds.bridge().backfill("fill").restart(true).initialChunk(1000).run(p -> { });
        return ds.bridge().backfill("fill").restart(true).initialChunk(1000).run(p -> { });
    }

    @Test
    void theWayBackLeavesLegacyFullOfDeadVersionsAndEveryCommandSaysToVacuumIt() throws Exception {
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        ds.bridge().backfill("fill").run(p -> { });
        fixture.walk("fill", MigrationPhase.RAMP_DOWN); // legacy holds every row and now receives the target's
        Backfill.Result back = upsertHeavyBackfill();
        assertThat(back.into()).isEqualTo(Side.LEGACY);
        // said at the backfill's end when PostgreSQL had published the counters by then (see awaitCounters)
        assertThat(back.vacuum()).allSatisfy(v -> assertThat(v.side()).isEqualTo(Side.LEGACY));

        awaitCounters(() -> ds.bridge().status("fill").vacuum().stream().anyMatch(v -> v.table().equals("fill_row") && v.database().equals("legacy")));
        VerifyReport report = ds.bridge().verifier("fill").restart(true).run();
        assertThat(report.equal()).isTrue();
        assertThat(report.vacuum()).anySatisfy(v -> legacyAdvice(v));
        assertThat(report.summary()).contains("VACUUM (ANALYZE) fill_row on legacy");
        assertThat(report.toJson()).contains("\"vacuum\":[{\"side\":\"LEGACY\",\"database\":\"legacy\",\"table\":\"fill_row\"");
        assertThat(ds.bridge().status("fill").vacuum()).anySatisfy(v -> legacyAdvice(v));
        assertThat(ds.bridge().status("fill").describe()).contains("Run VACUUM (ANALYZE) fill_row on legacy");

        try (Connection c = TestDatabases.postgresConnection(TestDatabases.LEGACY); Statement st = c.createStatement()) {
            st.execute("VACUUM (ANALYZE) fill_row");
        }
        assertThat(ds.bridge().verifier("fill").restart(true).run().vacuum()).as("vacuumed: nothing to say").isEmpty();
    }

    /**
     * PostgreSQL publishes a backend's row counters when it goes idle, at most once a second, and an idle
     * backend's deferred ones within about ten: the advice follows the passes by up to that long.
     */
    private static void awaitCounters(Published published) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!published.yet() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    @FunctionalInterface
    private interface Published {
        boolean yet() throws SQLException;
    }

    private static void legacyAdvice(VacuumAdvice v) {
        assertThat(v.database()).isEqualTo("legacy");
        assertThat(v.table()).isEqualTo("fill_row");
        assertThat(v.deadRows()).isGreaterThan(v.liveRows()).isGreaterThanOrEqualTo(4000);
        assertThat(v.message()).contains("fill_row on legacy").contains("VACUUM (ANALYZE) fill_row on legacy");
    }

    @Test
    void theWayForwardNamesEachPostgresShardTableFullOfDeadVersions() throws Exception {
        fixture.walk("fill", MigrationPhase.DUAL_WRITE);
        Backfill.Result forward = upsertHeavyBackfill();
        if (dialect() == Dialect.POSTGRESQL) {
            awaitCounters(() -> ds.bridge().status("fill").vacuum().size() == physicalTables().size());
        }
        VerifyReport report = ds.bridge().verifier("fill").restart(true).run();
        assertThat(report.equal()).isTrue();
        if (dialect() == Dialect.POSTGRESQL) {
            List<String> expected = physicalTables().stream().map(p -> p.shard() + "." + p.table()).toList();
            assertThat(report.vacuum()).extracting(v -> v.database() + "." + v.table()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(report.vacuum()).allSatisfy(v -> {
                assertThat(v.side()).isEqualTo(Side.TARGET);
                assertThat(v.logicalTable()).isEqualTo("fill_row");
                assertThat(v.message()).contains("VACUUM (ANALYZE) " + v.table() + " on shard " + v.database());
            });
            assertThat(forward.vacuum()).allSatisfy(v -> assertThat(v.side()).isEqualTo(Side.TARGET)); // the side copied into only
        } else {
            assertThat(forward.vacuum()).isEmpty();
            assertThat(report.vacuum()).isEmpty();
        }
    }
}
