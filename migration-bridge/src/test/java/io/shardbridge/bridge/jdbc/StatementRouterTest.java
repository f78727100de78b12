package io.shardbridge.bridge.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardbridge.bridge.sql.StatementClassifier;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.bridge.unit.MigrationUnits;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.config.CaptureMode;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationUnitConfig;
import io.shardbridge.config.MigrationUnitConfig.DualWriteSettings;
import io.shardbridge.config.MigrationUnitConfig.OutsideWriteSettings;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The routing decision without a database: each phase, several units, unit and non-unit tables, in and out of
 * a transaction, and every refusal with its SQLState. Units are real {@link UnitState}s (their fences are open,
 * so a pin enters at once); the unit facts and legacy's catalog are the test's own.
 */
class StatementRouterTest {
    private static final StatementClassifier CLASSIFIER = new StatementClassifier(Dialect.POSTGRESQL);
    private static final String NO_PRIMARY_KEY = "table audit has no primary key.";

    /** Two units: {@code cards} (card, audit — audit cannot be mirrored) and {@code orders} (orders); {@code customer} is in none. */
    private MigrationUnits units;
    private UnitState cards;
    private UnitState orders;
    private final List<String> shadowDraws = new ArrayList<>();
    private boolean shadowSampled;
    private final List<String> legacyLookups = new ArrayList<>();
    private boolean existsOnLegacy;
    private StatementRouter router;
    private final BridgeTransaction txn = new BridgeTransaction();

    private void units(MigrationPhase cardsPhase, MigrationPhase ordersPhase) {
        units(cardsPhase, ordersPhase, CaptureMode.STATEMENT);
    }

    private void units(MigrationPhase cardsPhase, MigrationPhase ordersPhase, CaptureMode cardsCapture) {
        OutsideWriteSettings outside = new OutsideWriteSettings(true, Duration.ofMinutes(5), 1L << 30, cardsCapture);
        units = new MigrationUnits(List.of(
                new MigrationUnitConfig("cards", List.of("card", "audit"), cardsPhase, 100, DualWriteSettings.DEFAULTS, outside),
                new MigrationUnitConfig("orders", List.of("orders"), ordersPhase, 100)), Map.of("audit", NO_PRIMARY_KEY));
        cards = units.named("cards").orElseThrow();
        orders = units.named("orders").orElseThrow();
        router = new StatementRouter(units, new StatementRouter.UnitFacts() {
            @Override
            public List<String> primaryKey(UnitState unit, String table) {
                return table.equals("card") ? List.of("id") : List.of();
            }

            @Override
            public String shardKey(String table) {
                return table.equals("card") ? "customer_id" : null;
            }

            @Override
            public boolean sampleShadowRead(UnitState unit, MigrationPhase phase) {
                shadowDraws.add(unit.name() + "@" + phase);
                return shadowSampled && phase.shadowReads();
            }
        });
    }

    /** The plan the runtime would make: the shape, the units of the tables it names, whether it names a table in no unit. */
    private StatementPlan plan(String sql) {
        StatementShape shape = CLASSIFIER.classify(sql);
        List<UnitState> touched = new ArrayList<>();
        boolean outside = false;
        for (String table : shape.tables()) {
            UnitState unit = units.ofTable(table.toLowerCase(Locale.ROOT));
            if (unit == null) {
                outside = true;
            } else if (!touched.contains(unit)) {
                touched.add(unit);
            }
        }
        return new StatementPlan(sql, shape, touched, outside, null);
    }

    /** SQL the parser cannot read that names unit table {@code table}. */
    private StatementPlan unparseable(String sql, String table) {
        StatementShape shape = CLASSIFIER.classify(sql);
        assertThat(shape.kind()).isEqualTo(io.shardbridge.bridge.sql.StatementKind.UNPARSEABLE);
        return new StatementPlan(sql, shape, List.of(), true, table);
    }

    private StatementRouter.Decision inTransaction(String sql) throws SQLException {
        return route(plan(sql), null, true);
    }

    private StatementRouter.Decision autocommit(String sql) throws SQLException {
        return route(plan(sql), null, false);
    }

    private StatementRouter.Decision route(StatementPlan plan, IndirectWriteGuard.Found unseen, boolean inTransaction) throws SQLException {
        return router.route(plan, unseen, txn, inTransaction, relation -> {
            legacyLookups.add(relation);
            return existsOnLegacy;
        });
    }

    private static void assertRefused(Throwable refusal, Class<? extends SQLException> type, String sqlState, String... message) {
        assertThat(refusal).isInstanceOf(type);
        assertThat(((SQLException) refusal).getSQLState()).isEqualTo(sqlState);
        assertThat(refusal.getMessage()).contains(message);
    }

    // ---- each phase

    @ParameterizedTest
    @EnumSource(MigrationPhase.class)
    void aWriteRunsOnTheAuthoritativeSideAndIsCapturedWhileTheUnitMirrors(MigrationPhase phase) throws SQLException {
        units(phase, MigrationPhase.LEGACY_ONLY);
        StatementRouter.Decision decision = inTransaction("UPDATE card SET status = 'blocked' WHERE id = 7");
        assertThat(decision.side()).isEqualTo(phase.authoritative());
        assertThat(decision.capture()).isEqualTo(phase.mirrorsWrites() ? cards : null);
        assertThat(decision.shadow()).isNull();
        assertThat(txn.pinned(cards)).isEqualTo(phase);
        assertThat(txn.writeSide()).isEqualTo(phase.authoritative());
    }

    @ParameterizedTest
    @EnumSource(MigrationPhase.class)
    void aReadRunsOnTheAuthoritativeSideAndIsShadowedWhereThePhaseShadowsAndTheSampleSaysSo(MigrationPhase phase) throws SQLException {
        units(phase, MigrationPhase.LEGACY_ONLY);
        shadowSampled = true;
        StatementRouter.Decision decision = autocommit("SELECT * FROM card WHERE id = 7");
        assertThat(decision.side()).isEqualTo(phase.authoritative());
        assertThat(decision.capture()).isNull();
        assertThat(decision.shadow()).isEqualTo(phase.shadowReads() ? cards : null);
        assertThat(decision.shadowPhase()).isEqualTo(phase.shadowReads() ? phase : null);
        assertThat(shadowDraws).containsExactly("cards@" + phase);
    }

    @Test
    void aReadNotSampledIsNotShadowed() throws SQLException {
        units(MigrationPhase.SHADOW, MigrationPhase.LEGACY_ONLY);
        StatementRouter.Decision decision = autocommit("SELECT * FROM card WHERE id = 7");
        assertThat(decision.shadow()).isNull();
        assertThat(shadowDraws).containsExactly("cards@SHADOW");
    }

    @Test
    void aReadAfterTheTransactionsOwnWriteIsNotShadowed() throws SQLException {
        units(MigrationPhase.SHADOW, MigrationPhase.LEGACY_ONLY);
        shadowSampled = true;
        inTransaction("UPDATE card SET status = 'blocked' WHERE id = 7");
        StatementRouter.Decision read = inTransaction("SELECT * FROM card WHERE id = 7");
        assertThat(read.shadow()).isNull();
        assertThat(shadowDraws).isEmpty();
    }

    @Test
    void inTargetOnlyOnlyAnUpdateThatMovesTheShardKeyIsCaptured() throws SQLException {
        units(MigrationPhase.TARGET_ONLY, MigrationPhase.LEGACY_ONLY);
        assertThat(autocommit("UPDATE card SET customer_id = 9 WHERE id = 7").capture()).isEqualTo(cards);
        assertThat(autocommit("UPDATE card SET status = 'x' WHERE id = 7").capture()).isNull();
        assertThat(autocommit("INSERT INTO card (id, customer_id) VALUES (7, 9)").capture()).isNull();
    }

    @Test
    void aTransactionKeepsThePhaseItPinned() throws SQLException {
        units(MigrationPhase.DUAL_WRITE, MigrationPhase.LEGACY_ONLY);
        assertThat(inTransaction("SELECT * FROM card WHERE id = 7").side()).isEqualTo(Side.LEGACY);
        units.takeControl().named("cards").orElseThrow().initialize(MigrationPhase.LIVE, 2); // the unit moves on; this transaction entered before
        StatementRouter.Decision write = inTransaction("UPDATE card SET status = 'blocked' WHERE id = 7");
        assertThat(write.side()).isEqualTo(Side.LEGACY);
        assertThat(write.capture()).isEqualTo(cards);
        txn.end();
        assertThat(inTransaction("UPDATE card SET status = 'blocked' WHERE id = 7").side()).isEqualTo(Side.TARGET);
    }

    // ---- several units, and tables in no unit

    @Test
    void unitsAuthoritativeOnOneSideRunTogether() throws SQLException {
        units(MigrationPhase.DUAL_WRITE, MigrationPhase.SHADOW);
        StatementRouter.Decision decision = inTransaction("UPDATE card SET status = 'x' WHERE id IN (SELECT card_id FROM orders)");
        assertThat(decision.side()).isEqualTo(Side.LEGACY);
        assertThat(decision.capture()).isEqualTo(cards);
        assertThat(txn.pinned(cards)).isEqualTo(MigrationPhase.DUAL_WRITE);
        assertThat(txn.pinned(orders)).isEqualTo(MigrationPhase.SHADOW);
    }

    @Test
    void unitsAuthoritativeOnDifferentSidesAreRefused() {
        units(MigrationPhase.SHADOW, MigrationPhase.LIVE);
        SQLException refusal = catchThrowableOfType(() -> inTransaction("SELECT * FROM card c JOIN orders o ON o.card_id = c.id"),
                SQLException.class);
        assertRefused(refusal, SQLFeatureNotSupportedException.class, "0A000", "unit cards (SHADOW)", "unit orders (LIVE)", "authoritative on different sides",
                "Put the tables used together in one migration unit");
        assertThat(txn.writeSide()).isNull();
    }

    @Test
    void aTableInNoUnitRunsWithALegacyAuthoritativeUnit() throws SQLException {
        units(MigrationPhase.DUAL_WRITE, MigrationPhase.LEGACY_ONLY);
        StatementRouter.Decision decision = inTransaction("UPDATE card SET status = 'x' WHERE customer_id IN (SELECT id FROM customer)");
        assertThat(decision.side()).isEqualTo(Side.LEGACY);
        assertThat(decision.capture()).isEqualTo(cards);
    }

    @Test
    void aTableInNoUnitWithATargetAuthoritativeUnitIsRefused() {
        units(MigrationPhase.LIVE, MigrationPhase.LEGACY_ONLY);
        assertRefused(catchThrowableOfType(() -> autocommit("SELECT * FROM card c JOIN customer u ON u.id = c.customer_id"),
                        SQLException.class), SQLFeatureNotSupportedException.class, "0A000",
                "touches unit cards (LIVE) and a table that is in no migration unit (it stays on legacy)");
    }

    @Test
    void onlyTablesInNoUnitRunOnLegacyAndWritingThemClaimsLegacy() throws SQLException {
        units(MigrationPhase.LIVE, MigrationPhase.LIVE);
        StatementRouter.Decision decision = inTransaction("UPDATE customer SET name = 'x' WHERE id = 1");
        assertThat(decision).isEqualTo(new StatementRouter.Decision(Side.LEGACY, null, null, null));
        assertThat(txn.writeSide()).isEqualTo(Side.LEGACY);
    }

    @Test
    void aWriteToATableInNoUnitThatReadsAUnitIsNotCaptured() throws SQLException {
        units(MigrationPhase.DUAL_WRITE, MigrationPhase.LEGACY_ONLY);
        StatementRouter.Decision decision = inTransaction("INSERT INTO customer (id) SELECT customer_id FROM card");
        assertThat(decision.side()).isEqualTo(Side.LEGACY);
        assertThat(decision.capture()).isNull();
        assertThat(txn.writeSide()).isEqualTo(Side.LEGACY);
    }

    // ---- in and out of a transaction

    @Test
    void aTransactionThatWroteOneSideIsRefusedAWriteOnTheOther() throws SQLException {
        units(MigrationPhase.DUAL_WRITE, MigrationPhase.LIVE);
        inTransaction("UPDATE card SET status = 'x' WHERE id = 7");
        assertThat(inTransaction("SELECT * FROM orders").side()).isEqualTo(Side.TARGET); // reads are free
        assertRefused(catchThrowableOfType(() -> inTransaction("UPDATE orders SET total = 0 WHERE id = 1"), SQLException.class),
                SQLFeatureNotSupportedException.class, "0A000", "already wrote on the legacy side (unit cards (DUAL_WRITE))",
                "writes on the target side (unit orders (LIVE))");
        assertThat(txn.writeSide()).isEqualTo(Side.LEGACY);
    }

    @Test
    void inAutocommitEachStatementIsItsOwnTransaction() throws SQLException {
        units(MigrationPhase.DUAL_WRITE, MigrationPhase.LIVE);
        assertThat(autocommit("UPDATE card SET status = 'x' WHERE id = 7").side()).isEqualTo(Side.LEGACY);
        assertThat(autocommit("UPDATE orders SET total = 0 WHERE id = 1").side()).isEqualTo(Side.TARGET);
        assertThat(txn.writeSide()).isNull();
    }

    @Test
    void anAbortedTransactionRunsNothingButAutocommitIsNotAsked() throws SQLException {
        units(MigrationPhase.DUAL_WRITE, MigrationPhase.LEGACY_ONLY);
        txn.failed("UPDATE card SET id = id / 0", new SQLException("division by zero", "22012"));
        assertRefused(catchThrowableOfType(() -> inTransaction("SELECT * FROM card"), SQLException.class), SQLException.class,
                BridgeTransaction.ABORTED, "current transaction is aborted", "UPDATE card SET id = id / 0 (SQLState 22012)");
        assertThat(txn.pinned(cards)).isNull();
        assertThat(autocommit("SELECT * FROM card").side()).isEqualTo(Side.LEGACY);
    }

    // ---- refusals of writes that cannot be captured or mirrored

    @Test
    void aWriteCaptureCannotSeeIsRefusedPastLegacyOnlyInThePinnedPhase() throws SQLException {
        units(MigrationPhase.DUAL_WRITE, MigrationPhase.LEGACY_ONLY);
        IndirectWriteGuard.Found viaFunction = new IndirectWriteGuard.Found(cards, "card", "function block_card", "call it differently");
        SQLException refusal = catchThrowableOfType(() -> route(plan("SELECT block_card(7)"), viaFunction, true), SQLException.class);
        assertRefused(refusal, SQLFeatureNotSupportedException.class, "0A000", "writes migrating table card (unit cards, phase DUAL_WRITE) "
                + "through function block_card", "Fix: call it differently", "SQL: SELECT block_card(7)");
        assertThat(txn.pinned(cards)).isEqualTo(MigrationPhase.DUAL_WRITE);

        units(MigrationPhase.LEGACY_ONLY, MigrationPhase.LEGACY_ONLY);
        IndirectWriteGuard.Found inLegacyOnly = new IndirectWriteGuard.Found(cards, "card", "function block_card", "call it differently");
        BridgeTransaction fresh = new BridgeTransaction();
        assertThat(router.route(plan("SELECT block_card(7)"), inLegacyOnly, fresh, true, relation -> false).side()).isEqualTo(Side.LEGACY);
        assertThat(fresh.pinned(cards)).isEqualTo(MigrationPhase.LEGACY_ONLY);
    }

    @ParameterizedTest
    @EnumSource(MigrationPhase.class)
    void ddlOnAUnitTableIsRefusedWhileTheUnitMirrors(MigrationPhase phase) throws SQLException {
        units(phase, MigrationPhase.LEGACY_ONLY);
        String ddl = "ALTER TABLE card ADD COLUMN note text";
        if (phase.mirrorsWrites()) {
            assertRefused(catchThrowableOfType(() -> inTransaction(ddl), SQLException.class), SQLFeatureNotSupportedException.class, "0A000",
                    "DDL on migrating table(s) [card] is refused while unit cards is in " + phase, "Nothing was run.");
            assertThat(txn.writeSide()).isNull();
        } else {
            StatementRouter.Decision decision = inTransaction(ddl);
            assertThat(decision.side()).isEqualTo(phase.authoritative());
            assertThat(decision.capture()).isNull();
            assertThat(txn.writeSide()).isEqualTo(phase.authoritative());
        }
    }

    @Test
    void createIfMissingOfATableLegacyHasRunsOnLegacyWithoutPinning() throws SQLException {
        units(MigrationPhase.LIVE, MigrationPhase.LEGACY_ONLY);
        existsOnLegacy = true;
        String create = "CREATE TABLE IF NOT EXISTS card (id bigint primary key)";
        assertThat(autocommit(create)).isEqualTo(StatementRouter.Decision.LEGACY);
        assertThat(legacyLookups).containsExactly("card");
        assertThat(txn.pinned(cards)).isNull();

        existsOnLegacy = false; // then it is DDL of a unit that mirrors
        assertRefused(catchThrowableOfType(() -> autocommit(create), SQLException.class), SQLFeatureNotSupportedException.class, "0A000",
                "DDL on migrating table(s)");
    }

    @Test
    void createIfMissingOfATableInNoUnitDoesNotAskLegacy() throws SQLException {
        units(MigrationPhase.LIVE, MigrationPhase.LEGACY_ONLY);
        assertThat(autocommit("CREATE TABLE IF NOT EXISTS customer (id bigint primary key)").side()).isEqualTo(Side.LEGACY);
        assertThat(legacyLookups).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(MigrationPhase.class)
    void aWriteToATableThatCannotBeMirroredIsRefusedWhileTheUnitMirrors(MigrationPhase phase) throws SQLException {
        units(phase, MigrationPhase.LEGACY_ONLY);
        String write = "INSERT INTO audit (what) VALUES ('x')";
        if (phase.mirrorsWrites()) {
            assertRefused(catchThrowableOfType(() -> autocommit(write), SQLException.class), SQLFeatureNotSupportedException.class, "0A000",
                    "cannot write migrating table audit in " + phase + ": " + NO_PRIMARY_KEY + " Nothing was written.");
        } else {
            assertThat(autocommit(write).capture()).isNull();
        }
    }

    @Test
    void underLogicalCaptureOnlyAWriteThatAssignsAKeyIsCapturedWhileLegacyIsAuthoritative() throws SQLException {
        units(MigrationPhase.DUAL_WRITE, MigrationPhase.LEGACY_ONLY, CaptureMode.LOGICAL);
        assertThat(autocommit("UPDATE card SET status = 'x' WHERE id = 7").capture()).isNull();
        assertThat(autocommit("INSERT INTO card (id, customer_id) VALUES (7, 9)").capture()).isNull();
        assertThat(autocommit("UPDATE card SET id = 8 WHERE id = 7").capture()).isEqualTo(cards);
        assertThat(autocommit("UPDATE card SET customer_id = 9 WHERE id = 7").capture()).isEqualTo(cards);

        units(MigrationPhase.LIVE, MigrationPhase.LEGACY_ONLY, CaptureMode.LOGICAL); // the target is authoritative: mirrored on the path
        assertThat(autocommit("UPDATE card SET status = 'x' WHERE id = 7").capture()).isEqualTo(cards);
    }

    // ---- SQL the parser cannot read

    @ParameterizedTest
    @EnumSource(MigrationPhase.class)
    void unreadableSqlNamingAUnitTableRunsOnLegacyOnlyInLegacyOnlyOrAsAPlainReadWhileLegacyIsAuthoritative(MigrationPhase phase)
            throws SQLException {
        units(phase, MigrationPhase.LEGACY_ONLY);
        StatementPlan read = unparseable("SELECT * FROM card WHERE id = 7 FETCH FIRST ? ROWS ONLY WITH TIES SOMEHOW", "card");
        StatementPlan write = unparseable("UPDATE card SET status = 'x' WHERE id = 7 SOMEHOW", "card");
        if (phase == MigrationPhase.LEGACY_ONLY) {
            assertThat(route(write, null, true)).isEqualTo(StatementRouter.Decision.LEGACY);
        } else {
            assertRefused(catchThrowableOfType(() -> route(write, null, true), SQLException.class), SQLSyntaxErrorException.class, "42601",
                    "cannot classify a statement that names migrating table card (unit cards, phase " + phase + ")", "Parser: ",
                    phase.authoritative() == Side.LEGACY ? "Rewrite it as plain INSERT/UPDATE/DELETE/SELECT." : "move the unit back to SHADOW");
        }
        if (phase.authoritative() == Side.LEGACY) {
            assertThat(route(read, null, true)).isEqualTo(StatementRouter.Decision.LEGACY);
        } else {
            assertRefused(catchThrowableOfType(() -> route(read, null, true), SQLException.class), SQLSyntaxErrorException.class, "42601",
                    "From LIVE on it would run on the target");
        }
        assertThat(txn.pinned(cards)).isEqualTo(phase);
        assertThat(txn.writeSide()).isNull();
    }

    // ---- SQL that runs straight on legacy

    @Test
    void sqlOutsideEveryUnitClaimsLegacyWhenItMayWriteAndIsRefusedInATransactionWritingTheTarget() throws SQLException {
        units(MigrationPhase.LIVE, MigrationPhase.LEGACY_ONLY);
        StatementRouter.checkLegacyOnly("SELECT 1", false, txn);
        assertThat(txn.writeSide()).isNull();
        inTransaction("UPDATE card SET status = 'x' WHERE id = 7");
        StatementRouter.checkLegacyOnly("SELECT 1", false, txn);
        assertRefused(catchThrowableOfType(() -> StatementRouter.checkLegacyOnly("UPDATE customer SET name = 'x'", true, txn),
                SQLException.class), SQLFeatureNotSupportedException.class, "0A000", "already wrote on the target side",
                "writes on the legacy side (tables outside every migration unit, which stay on legacy)");

        BridgeTransaction legacyWriter = new BridgeTransaction();
        StatementRouter.checkLegacyOnly("UPDATE customer SET name = 'x'", true, legacyWriter);
        assertThat(legacyWriter.writeSide()).isEqualTo(Side.LEGACY);
        legacyWriter.failed("SELECT 1/0", new SQLException("division by zero", "22012"));
        assertRefused(catchThrowableOfType(() -> StatementRouter.checkLegacyOnly("SELECT 1", false, legacyWriter), SQLException.class),
                SQLException.class, BridgeTransaction.ABORTED, "current transaction is aborted");
    }

    @Test
    void sqlThatMayWriteIsTheUnknownTheWritesAndTheDdl() {
        units(MigrationPhase.LEGACY_ONLY, MigrationPhase.LEGACY_ONLY);
        assertThat(StatementRouter.mayWrite(new StatementPlan("SELECT 1", null, List.of(), true, null))).isTrue();
        assertThat(StatementRouter.mayWrite(plan("SELECT * FROM customer"))).isFalse();
        assertThat(StatementRouter.mayWrite(plan("INSERT INTO customer (id) VALUES (1)"))).isTrue();
        assertThat(StatementRouter.mayWrite(plan("CREATE TABLE t (id int)"))).isTrue();
        assertThat(StatementRouter.mayWrite(new StatementPlan("X", CLASSIFIER.classify("COMPLETE NONSENSE"), List.of(), true, null))).isTrue();
    }

    @Test
    void aCopyOrCallThatWritesAUnitTableUnseenIsRefusedInTheUnitsCurrentPhase() throws SQLException {
        units(MigrationPhase.SHADOW, MigrationPhase.LEGACY_ONLY);
        StatementRouter.refuseUnseenCopy(null, "COPY customer FROM STDIN");
        IndirectWriteGuard.Found copy = new IndirectWriteGuard.Found(cards, "card", "COPY card FROM", "load the rows with INSERT");
        assertRefused(catchThrowableOfType(() -> StatementRouter.refuseUnseenCopy(copy, "COPY card FROM STDIN"), SQLException.class),
                SQLFeatureNotSupportedException.class, "0A000", "this COPY writes migrating table card (unit cards, phase SHADOW) through COPY "
                        + "card FROM", "Fix: load the rows with INSERT");
        IndirectWriteGuard.Found call = new IndirectWriteGuard.Found(cards, "card", "procedure p", "send its statements");
        assertRefused(catchThrowableOfType(() -> StatementRouter.refuseUnseenCall(call, "{call p(?)}"), SQLException.class),
                SQLFeatureNotSupportedException.class, "0A000", "this call writes migrating table card (unit cards, phase SHADOW)");
        assertThat(txn.pinned(cards)).isNull(); // the current phase, no pin: nothing runs in a transaction of the unit

        units(MigrationPhase.LEGACY_ONLY, MigrationPhase.LEGACY_ONLY);
        StatementRouter.refuseUnseenCopy(new IndirectWriteGuard.Found(cards, "card", "COPY card FROM", "-"), "COPY card FROM STDIN");
        StatementRouter.refuseUnseenCall(new IndirectWriteGuard.Found(cards, "card", "procedure p", "-"), "{call p(?)}");
    }

    @Test
    void aCallThatNamesAUnitTableIsRefusedInEveryPhase() throws SQLException {
        units(MigrationPhase.LEGACY_ONLY, MigrationPhase.LEGACY_ONLY);
        assertRefused(catchThrowableOfType(() -> router.refuseCallNamingUnitTable("{call archive_ORDERS(?)}"), SQLException.class),
                SQLFeatureNotSupportedException.class, "0A000", "stored procedure calls that name migrating table orders");
        router.refuseCallNamingUnitTable("{call archive_customers(?)}");
    }

    @Test
    void errorMessagesQuoteSqlFoldedAndShortened() {
        assertThat(StatementRouter.abbreviate("SELECT\n   1\t FROM  t ")).isEqualTo("SELECT 1 FROM t");
        String longSql = "SELECT " + "x, ".repeat(100) + "y FROM t";
        assertThat(StatementRouter.abbreviate(longSql)).hasSize(201).endsWith("…");
    }
}
