package io.shardbridge.bridge.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.shardbridge.bridge.testing.CorpusFixture;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The statement corpus ({@link StatementScenarios}) through the migration layer in DUAL_WRITE and in
 * LIVE, against the oracle: plain pgjdbc on a PostgreSQL database with the same schema and rows. For
 * each scenario the caller must see what the oracle's caller sees (result sets, update counts,
 * generated keys, SQLStates; on MySQL shards in LIVE an error's SQLState class), and afterwards legacy,
 * the target and the oracle hold the same rows — or the layer refused the scenario and nothing was
 * written on either side.
 */
abstract class StatementDifferentialContract {
    abstract Dialect dialect();

    /** {@code -Dcorpus.only=text} runs only the scenarios whose name contains the text (while working on one shape). */
    private static final String ONLY = System.getProperty("corpus.only", "");

    @TestFactory
    Stream<DynamicTest> corpus() {
        List<DynamicTest> tests = new ArrayList<>();
        for (MigrationPhase phase : List.of(MigrationPhase.DUAL_WRITE, MigrationPhase.SHADOW, MigrationPhase.LIVE)) {
            for (Scenario scenario : StatementScenarios.all()) {
                if (scenario.phases().contains(phase) && scenario.name().contains(ONLY)) {
                    tests.add(DynamicTest.dynamicTest(phase + ": " + scenario.name(), () -> run(scenario, phase)));
                }
            }
        }
        return tests.stream();
    }

    private void run(Scenario scenario, MigrationPhase phase) throws SQLException {
        CorpusFixture fixture = CorpusFixture.get(dialect());
        fixture.walk(phase);
        fixture.empty();
        try (Connection oracle = fixture.oracle(); Connection bridge = fixture.dataSource().getConnection()) {
            seed(oracle);
            seed(bridge);
            fixture.dataSource().bridge().awaitMirrored();
            Map<String, List<String>> before = fixture.legacyRows();

            Session expected = new Session(oracle, false);
            scenario.script().accept(expected);
            Session actual = new Session(bridge, true);
            Session.Refused refused = null;
            try {
                scenario.script().accept(actual);
            } catch (Session.Refused e) {
                refused = e;
                if (!bridge.getAutoCommit()) {
                    bridge.rollback();
                    bridge.setAutoCommit(true);
                }
            }
            fixture.dataSource().bridge().awaitMirrored();

            boolean expectRefusal = scenario.expectRefusal(phase, dialect());
            if (refused != null && !expectRefusal) {
                fail("refused, but plain PostgreSQL runs it: " + refused.getMessage());
            }
            if (refused == null && expectRefusal) {
                fail("expected a refusal before anything is written, but it ran: " + actual.transcript);
            }
            Map<String, List<String>> legacy = fixture.legacyRows();
            Map<String, List<String>> target = fixture.targetRows();
            for (String table : CorpusFixture.UNIT_TABLES) {
                assertThat(target.get(table)).as("target = legacy for " + table).isEqualTo(legacy.get(table));
            }
            if (refused == null && scenario.failsOnTarget(phase, dialect())) {
                assertThat(actual.transcript).as("PostgreSQL-only SQL on MySQL shards: the shard's own error").anyMatch(l -> l.startsWith("error "));
                assertThat(legacy).as("a failed statement writes nothing").isEqualTo(before);
                return;
            }
            if (refused != null) {
                assertThat(refused.getMessage()).as("the refusal names what to do").isNotBlank();
                assertThat(legacy).as("a refused scenario writes nothing").isEqualTo(before);
                return;
            }
            assertThat(comparable(actual.transcript, phase)).as("what the caller sees").isEqualTo(comparable(expected.transcript, phase));
            assertThat(legacy).as("legacy = oracle").isEqualTo(fixture.oracleRows());
        }
    }

    /**
     * In SHADOW every read is also run on the target and compared; a read after the transaction's own
     * write sees a row the target gets only at commit, so it is not compared (it would be a false
     * mismatch). The read after the commit is compared, and matches.
     */
    @org.junit.jupiter.api.Test
    void aReadAfterAWriteInItsOwnTransactionIsNotCompared() throws Exception {
        CorpusFixture fixture = CorpusFixture.get(dialect());
        fixture.walk(MigrationPhase.SHADOW);
        fixture.empty();
        try (Connection c = fixture.dataSource().getConnection()) {
            seed(c);
            fixture.dataSource().bridge().awaitMirrored();
            double compared = fixture.shadowReads("match") + fixture.shadowReads("mismatch") + fixture.shadowReads("error");
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE cx_acct SET bal = 77 WHERE id = 1");
                try (var rs = st.executeQuery("SELECT bal FROM cx_acct WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("77");
                }
            }
            c.commit();
            c.setAutoCommit(true);
            Thread.sleep(500); // a comparison, had one been made, takes milliseconds
            assertThat(fixture.shadowReads("match") + fixture.shadowReads("mismatch") + fixture.shadowReads("error")).isEqualTo(compared);
            double matches = fixture.shadowReads("match");
            double mismatches = fixture.shadowReads("mismatch");
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT bal FROM cx_acct WHERE id = 1")) {
                assertThat(rs.next()).isTrue(); // a single-row lookup: one next(), then close
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("77");
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (fixture.shadowReads("match") <= matches && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(fixture.shadowReads("match")).as("the read after the commit is compared and matches").isGreaterThan(matches);
            assertThat(fixture.shadowReads("mismatch")).isEqualTo(mismatches);
        }
    }

    private static void seed(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate(StatementScenarios.SEED_ACCT);
            st.executeUpdate(StatementScenarios.SEED_OTHER);
        }
    }

    /** On MySQL shards in LIVE the shard's own errors reach the caller: their SQLState class is compared. */
    private List<String> comparable(List<String> transcript, MigrationPhase phase) {
        if (dialect() != Dialect.MYSQL || phase != MigrationPhase.LIVE) {
            return transcript;
        }
        return transcript.stream().map(l -> l.startsWith("error ") && l.length() > 8 ? l.substring(0, 8) : l).toList();
    }
}
