package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.sql.LexicalRead;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.bridge.unit.MigrationUnits;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;
import java.util.Locale;

/**
 * The routing policy: given a statement's plan, the units it touches and the caller's transaction,
 * decides on which side the statement runs, whether its writes are captured for the mirror, whether a
 * read is shadowed — or refuses it, with the SQLState and the fix, before anything runs. It holds no
 * connection and runs no SQL; the one question it asks a database (does a relation exist on legacy) goes
 * through {@link LegacyRelations}.
 *
 * <p>Why the decision is safe:
 * <ul>
 * <li><b>A transaction sees one phase per unit.</b> Each unit's phase is read through the transaction's
 * pins ({@link BridgeTransaction#pin}): the first statement that touches a unit enters its fence and pins
 * the phase it saw, every later one of the same transaction reads that phase, so a phase move waits for
 * the transaction instead of splitting it across two phases.</li>
 * <li><b>One statement runs on one database.</b> Every unit it touches must be authoritative on the same
 * side, and a table in no unit lives on legacy; a statement that spans both sides is refused (0A000).</li>
 * <li><b>Every write is captured or refused, never run unseen.</b> Past LEGACY_ONLY a write that capture
 * cannot see (through a routine, a view, a WITH body, SQL PREPARE, COPY) is refused; so is DDL while a unit
 * mirrors (both sides must keep one schema), a write to a table that cannot be mirrored (no primary key,
 * …) while it mirrors, and SQL the parser cannot read that names a migrating table — except a plain read
 * while legacy is authoritative, which runs where every read goes then. A write that mirrors is captured
 * for the mirror, unless the unit's replication stream mirrors it ({@code capture: logical}) and it does
 * not assign a key; in TARGET_ONLY only an UPDATE that moves a row's shard key is captured (nothing is
 * mirrored: capture moves the row, which the target's router cannot).</li>
 * <li><b>One transaction writes one side</b> ({@link BridgeTransaction#claimWrite}), and an aborted
 * transaction runs nothing (25P02).</li>
 * <li><b>A shadowed read compares like with like.</b> A read is sampled only before the transaction's first
 * write: after it, the authoritative side holds rows the other side cannot have yet.</li>
 * </ul>
 */
final class StatementRouter {

    /** What the router reads about the units beyond their phase: the runtime's tables and shadow sampling (a test's own in tests). */
    interface UnitFacts {
        /** The primary-key columns of {@code table} of {@code unit}; empty when its definition is unknown. */
        List<String> primaryKey(UnitState unit, String table);

        /** The target's shard-key column of {@code table}, or null (a broadcast table). */
        String shardKey(String table);

        /** Draws the shadow sample for one read of {@code unit} in {@code phase}: true when this read is compared. */
        boolean sampleShadowRead(UnitState unit, MigrationPhase phase);
    }

    /** Whether a relation exists on legacy, as the caller's own legacy session sees it. */
    @FunctionalInterface
    interface LegacyRelations {
        boolean exists(String relation) throws SQLException;
    }

    /**
     * Where one statement runs.
     *
     * @param capture     the unit whose rows the statement writes and captures, or null
     * @param shadow      a unit whose read is shadowed in {@code shadowPhase}, or null
     */
    record Decision(Side side, UnitState capture, UnitState shadow, MigrationPhase shadowPhase) {
        static final Decision LEGACY = new Decision(Side.LEGACY, null, null, null);
    }

    private static final String OUTSIDE_UNITS = "tables outside every migration unit";

    private final MigrationUnits units;
    private final UnitFacts facts;

    StatementRouter(MigrationUnits units, UnitFacts facts) {
        this.units = units;
        this.facts = facts;
    }

    /**
     * Decides where a statement that touches migrating tables runs, pinning the phases of the units it
     * touches in {@code txn}, and, in a transaction, claiming the side it writes.
     *
     * @param unseenWrite   what {@link IndirectWriteGuard#find} found for the statement, or null
     * @param inTransaction false in autocommit: the statement is its own transaction
     */
    Decision route(StatementPlan plan, IndirectWriteGuard.Found unseenWrite, BridgeTransaction txn, boolean inTransaction,
                   LegacyRelations legacy) throws SQLException {
        if (inTransaction) {
            txn.checkUsable();
        }
        StatementShape shape = plan.shape();
        refuseUnseenWrite(unseenWrite, plan.sql(), txn);
        if (shape != null && shape.kind() == StatementKind.CREATE_IF_MISSING && !plan.units().isEmpty()
                && legacy.exists(shape.writtenTable())) {
            // a schema script's CREATE … IF NOT EXISTS of what exists: a no-op on legacy, which holds every unit table until TARGET_ONLY
            return Decision.LEGACY;
        }
        if (plan.unclassifiable() != null) {
            return unclassifiable(plan, txn);
        }
        Side side = null;
        String cause = null;
        for (UnitState unit : plan.units()) {
            MigrationPhase phase = txn.pin(unit);
            if (side != null && side != phase.authoritative()) {
                throw crossSide(plan, cause, "unit " + unit.name() + " (" + phase + ")");
            }
            side = phase.authoritative();
            cause = "unit " + unit.name() + " (" + phase + ")";
        }
        if (plan.touchesLegacyOnly()) {
            if (side == Side.TARGET) {
                throw crossSide(plan, cause, "a table that is in no migration unit (it stays on legacy)");
            }
            side = Side.LEGACY;
            cause = cause == null ? OUTSIDE_UNITS : cause;
        }
        side = side == null ? Side.LEGACY : side;
        UnitState capture = null;
        if (shape.kind().writesRows() || shape.kind().changesSchema()) {
            capture = captureFor(plan, txn);
            if (inTransaction) {
                txn.claimWrite(side, cause, plan.sql());
            }
        }
        // a read after this transaction's own write sees rows the other side cannot have yet: it is not compared
        if (shape.kind() == StatementKind.SELECT && txn.writeSide() == null) {
            for (UnitState unit : plan.units()) {
                if (facts.sampleShadowRead(unit, txn.pinned(unit))) {
                    return new Decision(side, capture, unit, txn.pinned(unit));
                }
            }
        }
        return new Decision(side, capture, null, null);
    }

    /** SQL the parser could not read that names a migrating table: only a plain read while legacy is authoritative runs (on legacy). */
    private Decision unclassifiable(StatementPlan plan, BridgeTransaction txn) throws SQLException {
        UnitState unit = units.ofTable(plan.unclassifiable());
        MigrationPhase phase = txn.pin(unit);
        // a plain read, recognised without the grammar, runs where every read goes while legacy is authoritative
        boolean readOnLegacy = phase.authoritative() == Side.LEGACY && LexicalRead.isRead(plan.sql());
        if (phase != MigrationPhase.LEGACY_ONLY && !readOnLegacy) {
            throw new SQLSyntaxErrorException("shardbridge cannot classify a statement that names migrating table " + plan.unclassifiable()
                    + " (unit " + unit.name() + ", phase " + phase + "), so it cannot route or mirror it safely; nothing was run. "
                    + "Parser: " + plan.shape().parseError() + ". "
                    + (phase.authoritative() == Side.LEGACY ? "Rewrite it as plain INSERT/UPDATE/DELETE/SELECT."
                            : "From LIVE on it would run on the target, whose router cannot read it: rewrite it in SQL the parser reads, "
                            + "or move the unit back to SHADOW.") + " SQL: " + abbreviate(plan.sql()), "42601");
        }
        return Decision.LEGACY;
    }

    /** Refuses, past LEGACY_ONLY (in the phase the transaction pins), a write to a migrating table that capture would not see. */
    private static void refuseUnseenWrite(IndirectWriteGuard.Found found, String sql, BridgeTransaction txn) throws SQLException {
        if (found == null) {
            return;
        }
        MigrationPhase phase = txn.pin(found.unit());
        if (phase != MigrationPhase.LEGACY_ONLY) {
            throw new SQLFeatureNotSupportedException("this statement writes migrating table " + found.table() + " (unit " + found.unit().name()
                    + ", phase " + phase + ") through " + found.what() + ", which the layer cannot capture, so it is refused before it runs; "
                    + "nothing was written. Fix: " + found.fix() + ". SQL: " + abbreviate(sql), "0A000");
        }
    }

    /** Refuses what cannot be mirrored safely; returns the unit to capture for, or null. */
    private UnitState captureFor(StatementPlan plan, BridgeTransaction txn) throws SQLException {
        StatementShape shape = plan.shape();
        if (shape.kind().changesSchema()) {
            for (UnitState unit : plan.units()) {
                if (txn.pinned(unit).mirrorsWrites()) {
                    throw new SQLFeatureNotSupportedException("DDL on migrating table(s) " + shape.tables() + " is refused while unit " + unit.name()
                            + " is in " + txn.pinned(unit) + ": both sides must keep the same schema. Move the unit back to LEGACY_ONLY "
                            + "(or on to TARGET_ONLY), change the schema on both sides, then move it again. Nothing was run.", "0A000");
                }
            }
            return null;
        }
        UnitState unit = plan.writtenUnit();
        if (unit == null) {
            return null;
        }
        MigrationPhase phase = txn.pinned(unit);
        if (!phase.mirrorsWrites()) {
            // TARGET_ONLY: the router cannot move a row whose shard key an UPDATE changes; capture does (nothing is mirrored)
            return phase == MigrationPhase.TARGET_ONLY && movesShardKey(shape) ? unit : null;
        }
        String reason = unit.unmirrorableReason(shape.writtenTable());
        if (reason != null) {
            throw new SQLFeatureNotSupportedException("cannot write migrating table " + shape.writtenTable() + " in " + phase + ": " + reason
                    + " Nothing was written.", "0A000");
        }
        if (unit.config().outsideWrites().capture().streamMirrors(phase) && !assignsKey(unit, shape)) {
            return null; // capture: logical — the unit's replication stream mirrors it; nothing on the caller's path
        }
        return unit;
    }

    /**
     * An UPDATE (or upsert) that assigns a primary-key or shard-key column keeps the statement capture even
     * under {@code capture: logical}: it knows the rows' old keys and moves them on the target (the stream
     * re-reads by key and would not know where a row was), and a same-value assignment is mirrored.
     */
    private boolean assignsKey(UnitState unit, StatementShape shape) {
        if (shape.assignments().isEmpty()) {
            return false;
        }
        String shardKey = facts.shardKey(shape.writtenTable());
        return facts.primaryKey(unit, shape.writtenTable()).stream().anyMatch(shape.assignments()::containsKey)
                || (shardKey != null && shape.assignments().containsKey(shardKey));
    }

    private boolean movesShardKey(StatementShape shape) {
        String shardKey = facts.shardKey(shape.writtenTable());
        return shape.kind() == StatementKind.UPDATE && shardKey != null && shape.assignments().containsKey(shardKey);
    }

    private static SQLException crossSide(StatementPlan plan, String first, String second) {
        return new SQLFeatureNotSupportedException("this statement touches " + first + " and " + second + ", which are authoritative on "
                + "different sides (legacy and the sharded target), so no single database can run it. Put the tables used together in one "
                + "migration unit, or split the statement. SQL: " + abbreviate(plan.sql()), "0A000");
    }

    // ---- SQL that runs straight on legacy

    /**
     * In a transaction, before SQL that touches no migrating table runs straight on legacy (a pass-through
     * prepared statement, a batch, a procedure call): refused in an aborted transaction, and, when it may
     * write, refused in a transaction that writes the target — before anything runs.
     */
    static void checkLegacyOnly(String sql, boolean mayWrite, BridgeTransaction txn) throws SQLException {
        txn.checkUsable();
        if (mayWrite) {
            txn.claimWrite(Side.LEGACY, OUTSIDE_UNITS + ", which stay on legacy", sql);
        }
    }

    /** True when SQL that touches no migrating table may write rows or schema (unknown SQL counts as a write). */
    static boolean mayWrite(StatementPlan plan) {
        StatementShape shape = plan.shape();
        return shape == null || shape.kind().writesRows() || shape.kind() == StatementKind.DDL || shape.kind() == StatementKind.UNPARSEABLE;
    }

    /** A COPY through the driver's copy API: refused past LEGACY_ONLY (the unit's current phase) when it loads a migrating table. */
    static void refuseUnseenCopy(IndirectWriteGuard.Found found, String sql) throws SQLException {
        refuseUnseen("this COPY", found, sql);
    }

    /** A stored procedure call that names a migrating table cannot be routed or mirrored. */
    void refuseCallNamingUnitTable(String sql) throws SQLException {
        String text = sql.toLowerCase(Locale.ROOT);
        for (UnitState unit : units.all()) {
            for (String table : unit.tables()) {
                if (text.contains(table)) {
                    throw new SQLFeatureNotSupportedException("stored procedure calls that name migrating table " + table
                            + " cannot be routed or mirrored; call it with a plain statement on tables outside the unit", "0A000");
                }
            }
        }
    }

    /** A call whose routine writes a migrating table: refused past LEGACY_ONLY (the unit's current phase). */
    static void refuseUnseenCall(IndirectWriteGuard.Found found, String sql) throws SQLException {
        refuseUnseen("this call", found, sql);
    }

    private static void refuseUnseen(String what, IndirectWriteGuard.Found found, String sql) throws SQLException {
        if (found != null && found.unit().phase() != MigrationPhase.LEGACY_ONLY) {
            throw new SQLFeatureNotSupportedException(what + " writes migrating table " + found.table() + " (unit " + found.unit().name()
                    + ", phase " + found.unit().phase() + ") through " + found.what() + ", which the layer cannot capture, so it is refused "
                    + "before it runs; nothing was written. Fix: " + found.fix() + ". SQL: " + abbreviate(sql), "0A000");
        }
    }

    /** SQL as error messages quote it: whitespace folded, at most 200 characters. */
    static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
