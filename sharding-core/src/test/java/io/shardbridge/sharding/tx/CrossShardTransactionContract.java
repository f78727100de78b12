package io.shardbridge.sharding.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.config.CrossShardTransactions;
import io.shardbridge.config.ShardbridgeConfigLoader;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.target.ShardedTarget;
import io.shardbridge.sharding.shardingsphere.TransactionConnections;
import io.shardbridge.testing.TestDatabases;
import io.shardbridge.testing.TestTargets;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Transactions that span shards, against real shards of one engine: atomic (two-phase commit, recovery after
 * a coordinator crash) or refused, never half-committed; a shard's commit error reaches the caller as the
 * shard sent it; a lock cycle across shards ends in a retryable error within the lock timeout.
 *
 * <p>Accounts 100 and 101 live on shard ds0 and 2100 and 2101 on ds1 (the {@code account} rule is a range
 * rule; the test checks the placement rather than assuming it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrossShardTransactionContract {
    static final int LOCK_TIMEOUT_MS = 1000;
    static final long[] ACCOUNTS = {100, 101, 2100, 2101};
    static final BigDecimal START = new BigDecimal("1000.00");

    private ShardedTarget atomic;
    private ShardedTarget refuse;

    abstract Dialect dialect();

    /** Makes the next COMMIT-time step on {@code shard}'s connection of {@code routing}'s transaction fail, as the engine would. */
    abstract void breakCommitOn(Connection routing, String shard, ShardedTarget target) throws SQLException;

    /** Ends the server session behind {@code routing}'s connection to {@code shard} when run (and returns once it is gone). */
    abstract Runnable sessionKiller(Connection routing, String shard, ShardedTarget target) throws SQLException;

    @BeforeAll
    void open() {
        TestTargets.target(dialect()); // provisions the tables once
        TargetConfig config = TestTargets.config(dialect()).target().withLockTimeoutMillis(LOCK_TIMEOUT_MS);
        atomic = ShardedTarget.open(config.withCrossShardTransactions(CrossShardTransactions.ATOMIC));
        refuse = ShardedTarget.open(config.withCrossShardTransactions(CrossShardTransactions.REFUSE));
        ShardLayout layout = atomic.layout("account").orElseThrow();
        assertThat(layout.locate(100L).shard()).isEqualTo("ds0");
        assertThat(layout.locate(101L).shard()).isEqualTo("ds0");
        assertThat(layout.locate(2100L).shard()).isEqualTo("ds1");
        assertThat(layout.locate(2101L).shard()).isEqualTo("ds1");
    }

    @AfterAll
    void close() {
        atomic.close();
        refuse.close();
    }

    @BeforeEach
    void seed() throws SQLException {
        atomic.crossShardTransactions().orElseThrow().recoverNow(); // what an earlier failed test may have left prepared
        for (Map.Entry<String, ? extends DataSource> shard : atomic.shardDataSources().entrySet()) {
            try (Connection c = shard.getValue().getConnection(); Statement st = c.createStatement()) {
                st.execute("DELETE FROM account_0");
                st.execute("DELETE FROM account_1");
            }
        }
        try (Connection c = atomic.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO account (account_id, owner, balance) VALUES (?, ?, ?)")) {
            for (long id : ACCOUNTS) {
                ps.setLong(1, id);
                ps.setString(2, "owner" + id);
                ps.setBigDecimal(3, START);
                ps.executeUpdate();
            }
        }
        assertThat(preparedBranches()).isEmpty();
    }

    @Test
    void atomicCommitWritesBothShardsTransactionAfterTransactionOnOneConnection() throws SQLException {
        try (Connection c = atomic.dataSource().getConnection()) {
            c.setAutoCommit(false);
            move(c, 100, 2100, "10.00"); // anchor ds0
            c.commit();
            move(c, 2101, 101, "3.00"); // anchor ds1, on the same shard connections
            c.commit();
            move(c, 100, 2100, "1.00");
            c.rollback();
            move(c, 101, 100, "2.00"); // one shard again
            c.commit();
        }
        assertThat(physicalBalance(100)).isEqualByComparingTo("992.00");
        assertThat(physicalBalance(101)).isEqualByComparingTo("1001.00");
        assertThat(physicalBalance(2100)).isEqualByComparingTo("1010.00");
        assertThat(physicalBalance(2101)).isEqualByComparingTo("997.00");
        assertThat(preparedBranches()).isEmpty();
    }

    @Test
    void readingOneShardAndWritingAnotherCommitsInOnePhase() throws SQLException {
        try (Connection c = atomic.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(balance(c, 100)).isEqualByComparingTo(START); // ds0 joins first, reads only
            update(c, 2100, "7.00"); // the one writing shard (on MariaDB an XA branch, committed in one phase)
            c.commit();
            assertThat(balance(c, 2100)).isEqualByComparingTo("1007.00");
            c.commit();
        }
        assertThat(physicalBalance(2100)).isEqualByComparingTo("1007.00");
        assertThat(preparedBranches()).isEmpty();
    }

    @Test
    void aCommitFailingOnOneShardReachesTheCallerWithItsIdentityAndRollsBackTheOther() throws SQLException {
        try (Connection c = atomic.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            move(c, 100, 2100, "10.00"); // ds0 joins first: the anchor; ds1 is prepared
            breakCommitOn(c, "ds1", atomic);
            SQLException failure = catchCommit(c);
            assertIdentity(failure);
        }
        assertThat(physicalBalance(100)).isEqualByComparingTo(START);
        assertThat(physicalBalance(2100)).isEqualByComparingTo(START);
        assertThat(preparedBranches()).isEmpty();
    }

    @Test
    void aCommitFailingOnTheAnchorShardRollsBackThePreparedOne() throws SQLException {
        try (Connection c = atomic.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            move(c, 2100, 100, "10.00"); // ds1 joins first: the anchor
            breakCommitOn(c, "ds1", atomic);
            assertIdentity(catchCommit(c));
        }
        assertThat(physicalBalance(100)).isEqualByComparingTo(START);
        assertThat(physicalBalance(2100)).isEqualByComparingTo(START);
        assertThat(preparedBranches()).isEmpty();
    }

    @Test
    void aSingleShardCommitFailureKeepsItsIdentity() throws SQLException {
        try (Connection c = atomic.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            update(c, 2100, "-10.00");
            breakCommitOn(c, "ds1", atomic);
            assertIdentity(catchCommit(c));
        }
        assertThat(physicalBalance(2100)).isEqualByComparingTo(START);
    }

    @Test
    void refuseModeFailsTheFirstWriteToASecondShardBeforeItRuns() throws SQLException {
        try (Connection c = refuse.dataSource().getConnection()) {
            c.setAutoCommit(false);
            update(c, 100, "-10.00");
            assertThat(balance(c, 2100)).isEqualByComparingTo(START); // reading a second shard is fine
            assertThatThrownBy(() -> update(c, 2100, "10.00"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("0A000");
                        assertThat(e.getMessage()).contains("target.cross-shard-transactions", "ds0", "ds1", "account");
                    });
            assertThatThrownBy(c::commit).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("40000"));
        }
        assertThat(physicalBalance(100)).isEqualByComparingTo(START);
        assertThat(physicalBalance(2100)).isEqualByComparingTo(START);
        try (Connection c = refuse.dataSource().getConnection()) { // one shard: commits as always
            c.setAutoCommit(false);
            move(c, 2100, 2101, "5.00");
            c.commit();
        }
        assertThat(physicalBalance(2101)).isEqualByComparingTo("1005.00");
    }

    @Test
    void aCrashAfterPrepareIsRolledBackByAnotherInstance() throws Exception {
        crashAndRecover("afterPrepare");
        assertThat(physicalBalance(100)).isEqualByComparingTo(START);
        assertThat(physicalBalance(2100)).isEqualByComparingTo(START);
    }

    @Test
    void aCrashAfterTheDecisionIsCommittedByAnotherInstance() throws Exception {
        crashAndRecover("afterDecision");
        assertThat(physicalBalance(100)).isEqualByComparingTo("990.00");
        assertThat(physicalBalance(2100)).isEqualByComparingTo("1010.00");
    }

    @Test
    void theAnchorsSessionLostDuringCommitIsSettledFromTheDecisionTable() throws Exception {
        AtomicReference<Runnable> kill = new AtomicReference<>(() -> { });
        CoordinatorHook killAnchorAfterPrepare = new CoordinatorHook() {
            @Override
            public void afterPrepare(String txId) {
                kill.get().run();
            }
        };
        TargetConfig config = TestTargets.config(dialect()).target().withLockTimeoutMillis(LOCK_TIMEOUT_MS)
                .withCrossShardTransactions(CrossShardTransactions.ATOMIC);
        try (ShardedTarget target = ShardedTarget.open(config, killAnchorAfterPrepare)) {
            Connection c = target.dataSource().getConnection();
            c.setAutoCommit(false);
            move(c, 100, 2100, "10.00"); // ds0 is the anchor; ds1 gets prepared, then ds0's session dies before COMMIT
            kill.set(sessionKiller(c, "ds0", target));
            SQLException failure = catchCommit(c);
            // the anchor's own error: the decision table said the anchor did not commit, so the prepared shard was rolled back
            assertThat(failure.getSQLState()).as(failure.toString()).isNotNull().isNotEqualTo("08007");
            try {
                c.close();
            } catch (SQLException e) {
                // the anchor's connection is dead
            }
        }
        assertThat(preparedBranches()).isEmpty();
        assertThat(physicalBalance(100)).isEqualByComparingTo(START);
        assertThat(physicalBalance(2100)).isEqualByComparingTo(START);
    }

    @Test
    void aShardThatCannotTakePartInTwoPhaseCommitStopsStartUpNamingBothOptions() {
        // a database name too long for an XA transaction id (64 bytes) makes that shard unable to prepare
        String longName = "sb_shard_with_a_name_too_long_for_xa_0";
        String url = dialect() == Dialect.POSTGRESQL ? TestDatabases.postgresUrl(longName) : TestDatabases.mysqlUrl(longName);
        String shard0 = dialect() == Dialect.POSTGRESQL ? TestDatabases.PG_SHARD0 : TestDatabases.MYSQL_SHARD0;
        String yaml = TestTargets.yamlText(dialect()).replace("/" + TestDatabases.physical(shard0) + "\"", url.substring(url.lastIndexOf('/')) + "\"");
        TargetConfig config = ShardbridgeConfigLoader.parse(yaml, "long-name.yaml").target();
        assertThatThrownBy(() -> ShardedTarget.open(config).close())
                .isInstanceOf(ShardbridgeException.class)
                .hasMessageContaining("target.cross-shard-transactions is not set")
                .hasMessageContaining("shard ds0").hasMessageContaining(TestDatabases.physical(longName))
                .hasMessageContaining("refuse").hasMessageContaining("atomic");
    }

    private void crashAndRecover(String where) throws Exception {
        CoordinatorHook crash = new CoordinatorHook() {
            @Override
            public void afterPrepare(String txId) {
                if (where.equals("afterPrepare")) {
                    throw new IllegalStateException("simulated crash " + where);
                }
            }

            @Override
            public void afterDecision(String txId) {
                if (where.equals("afterDecision")) {
                    throw new IllegalStateException("simulated crash " + where);
                }
            }
        };
        TargetConfig config = TestTargets.config(dialect()).target().withLockTimeoutMillis(LOCK_TIMEOUT_MS)
                .withCrossShardTransactions(CrossShardTransactions.ATOMIC);
        try (ShardedTarget dying = ShardedTarget.open(config, crash)) {
            Connection c = dying.dataSource().getConnection();
            c.setAutoCommit(false);
            move(c, 100, 2100, "10.00");
            assertThatThrownBy(c::commit).hasMessageContaining("simulated crash");
            try {
                c.close();
            } catch (SQLException e) {
                // MariaDB refuses the pool's reset ROLLBACK of a session holding a prepared branch; a real crash would not ask
            }
        } // the instance is gone: its connections are closed, the prepared branch stays
        assertThat(preparedBranches()).hasSize(1);
        String outcome = atomic.crossShardTransactions().orElseThrow().recoverNow();
        assertThat(outcome).startsWith(where.equals("afterPrepare") ? "0 committed, 1 rolled back" : "1 committed, 0 rolled back");
        assertThat(preparedBranches()).isEmpty();
    }

    @Test
    void aLockCycleAcrossShardsEndsInARetryableErrorWithinTheLockTimeout() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch bothHoldTheirFirstRow = new CountDownLatch(2);
        try {
            Future<Object> first = pool.submit(() -> cycleHalf(100, 2100, bothHoldTheirFirstRow));
            Future<Object> second = pool.submit(() -> cycleHalf(2100, 100, bothHoldTheirFirstRow));
            Object a = first.get(30, TimeUnit.SECONDS);
            Object b = second.get(30, TimeUnit.SECONDS);
            List<Object> outcomes = List.of(a, b);
            SQLException victim = (SQLException) outcomes.stream().filter(o -> o instanceof SQLException).findFirst().orElseThrow();
            assertThat(retryable(victim)).as("%s [%s/%s]", victim.getMessage(), victim.getSQLState(), victim.getErrorCode()).isTrue();
            long waited = outcomes.stream().filter(o -> o instanceof Long).mapToLong(o -> (Long) o).max().orElse(0);
            System.out.printf("[%s] cross-shard lock cycle: victim %s after the cycle closed; lock timeout %d ms%n",
                    dialect(), victim.getSQLState() + "/" + victim.getErrorCode(), LOCK_TIMEOUT_MS);
            assertThat(waited).isLessThan(LOCK_TIMEOUT_MS * 4L);
        } finally {
            pool.shutdownNow();
        }
        assertThat(physicalBalance(100).add(physicalBalance(2100))).isEqualByComparingTo(START.add(START));
    }

    /** Holds {@code from}, waits for the other half to hold its row, then wants {@code to}: returns the error, or the ms the commit took after the wait. */
    private Object cycleHalf(long from, long to, CountDownLatch latch) throws Exception {
        try (Connection c = atomic.dataSource().getConnection()) {
            c.setAutoCommit(false);
            update(c, from, "-1.00");
            latch.countDown();
            latch.await(10, TimeUnit.SECONDS);
            long started = System.nanoTime();
            try {
                update(c, to, "1.00");
                c.commit();
                return (System.nanoTime() - started) / 1_000_000;
            } catch (SQLException e) {
                System.out.printf("[%s] cycle victim after %d ms: %s%n", dialect(), (System.nanoTime() - started) / 1_000_000, e.getSQLState());
                c.rollback();
                return e;
            }
        }
    }

    @Test
    void concurrentSerializableTransfersAcrossShardsKeepTheSumAndNeverWaitPastTheBound() throws Exception {
        int threads = 6;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        AtomicLong committed = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        AtomicLong longestAttemptMs = new AtomicLong();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        ConcurrentLinkedQueue<long[]> done = new ConcurrentLinkedQueue<>(); // from, to, cents
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline && unexpected.get() == null) {
                    long from = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
                    long to = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
                    if (from == to) {
                        continue;
                    }
                    long cents = 1 + random.nextInt(500);
                    long started = System.nanoTime();
                    try (Connection c = atomic.dataSource().getConnection()) {
                        c.setAutoCommit(false);
                        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                        try {
                            move(c, from, to, BigDecimal.valueOf(cents, 2).toPlainString());
                            c.commit();
                            committed.incrementAndGet();
                            done.add(new long[] {from, to, cents});
                        } catch (SQLException e) {
                            if (!retryable(e)) {
                                unexpected.set(e);
                            }
                            retried.incrementAndGet();
                            c.rollback();
                        }
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                    longestAttemptMs.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(unexpected.get()).isNull();
        System.out.printf("[%s] transfers: %d committed, %d retried, longest attempt %d ms (lock timeout %d ms)%n",
                dialect(), committed.get(), retried.get(), longestAttemptMs.get(), LOCK_TIMEOUT_MS);
        assertThat(committed.get()).isPositive();
        BigDecimal total = BigDecimal.ZERO;
        for (long id : ACCOUNTS) {
            long expectedCents = 100_000;
            for (long[] m : done) {
                expectedCents += m[0] == id ? -m[2] : m[1] == id ? m[2] : 0;
            }
            assertThat(physicalBalance(id)).as("account %d", id).isEqualByComparingTo(BigDecimal.valueOf(expectedCents, 2));
            total = total.add(physicalBalance(id));
        }
        assertThat(total).isEqualByComparingTo(START.multiply(BigDecimal.valueOf(ACCOUNTS.length)));
        assertThat(preparedBranches()).isEmpty();
        assertThat(longestAttemptMs.get()).isLessThan(LOCK_TIMEOUT_MS * 5L);
    }

    static boolean retryable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.equals("40001") || state.equals("40P01") || state.equals("55P03") || e.getErrorCode() == 1205 || e.getErrorCode() == 1213;
    }

    private static void move(Connection c, long from, long to, String amount) throws SQLException {
        update(c, from, "-" + amount);
        update(c, to, amount);
    }

    static void update(Connection c, long account, String delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE account_id = ?")) {
            ps.setBigDecimal(1, new BigDecimal(delta));
            ps.setLong(2, account);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    static BigDecimal balance(Connection c, long account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM account WHERE account_id = ?")) {
            ps.setLong(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBigDecimal(1);
            }
        }
    }

    private static SQLException catchCommit(Connection c) {
        try {
            c.commit();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("commit succeeded, but the shard was made to fail it");
    }

    void assertIdentity(SQLException failure) {
        assertThat(failure.getSQLState()).as("SQLState of %s", failure).isEqualTo(expectedCommitFailureState());
        assertThat(failure.getMessage()).isNotBlank();
    }

    abstract String expectedCommitFailureState();

    /** The shard connection of {@code routing}'s transaction on {@code shard}. */
    static Connection shardConnection(Connection routing, String shard) throws SQLException {
        return TransactionConnections.physical(routing, shard);
    }

    BigDecimal physicalBalance(long account) throws SQLException {
        PhysicalTable table = atomic.layout("account").orElseThrow().locate(account);
        try (Connection c = atomic.shardDataSources().get(table.shard()).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT balance FROM " + table.table() + " WHERE account_id = ?")) {
            ps.setLong(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBigDecimal(1);
            }
        }
    }

    /** Prepared branches of this target's shard databases. */
    Set<String> preparedBranches() throws SQLException {
        Branches branches = Branches.of(dialect());
        Set<String> out = new java.util.HashSet<>();
        for (Map.Entry<String, ? extends DataSource> shard : atomic.shardDataSources().entrySet()) {
            try (Connection c = shard.getValue().getConnection()) {
                String db = atomic.crossShardTransactions().orElseThrow().databaseOf(shard.getKey());
                branches.inDoubt(c, db).forEach(b -> out.add(b.txId() + "/" + b.branchDb()));
            }
        }
        return out;
    }
}
