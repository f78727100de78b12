package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.CaptureResult;
import io.shardbridge.bridge.capture.KeyChangeGuard;
import io.shardbridge.bridge.capture.PendingChanges;
import io.shardbridge.bridge.capture.WriteRequest;
import io.shardbridge.bridge.dualwrite.CommitErrors;
import io.shardbridge.bridge.dualwrite.DualWriteCommit;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.unit.UnitState;
import io.shardbridge.bridge.sql.LexicalRead;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.jdbc.delegate.ConnectionSettings;
import io.shardbridge.jdbc.delegate.DelegatingConnection;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A connection of the migration layer: a legacy connection (always open: tables outside every unit
 * live there) and a connection to the sharded target (opened on first use). Each statement runs on
 * the authoritative side of the units it touches, in the phase its transaction pinned when it first
 * touched each unit; writes in a mirroring phase are captured and mirrored at commit.
 */
final class BridgeConnection extends DelegatingConnection {
    private final BridgeRuntime runtime;
    private Connection target;
    private boolean autoCommit = true;
    /** The session settings the caller set, replayed onto the target when it opens (and passed on while it is open). */
    private final ConnectionSettings settings = new ConnectionSettings();
    private boolean closed;

    // the current transaction (or, in autocommit, the current statement)
    private final Map<UnitState, MigrationPhase> pinned = new LinkedHashMap<>();
    private final Map<DualWriteUnit, PendingChanges> pending = new LinkedHashMap<>();
    /** Failed statements, savepoints, the side written and whether the target joined: what commit decides from. */
    private final BridgeTransaction txn = new BridgeTransaction();

    BridgeConnection(BridgeRuntime runtime, Connection legacy) throws SQLException {
        super(legacy);
        this.runtime = runtime;
        this.autoCommit = legacy.getAutoCommit();
    }

    BridgeRuntime runtime() {
        return runtime;
    }

    StatementPlan plan(String sql) {
        return runtime.plan(sql);
    }

    Connection legacy() {
        return delegate;
    }

    // ---- routing

    /** Decides where a statement runs, pinning the phases of the units it touches. */
    Route route(StatementPlan plan) throws SQLException {
        checkOpen();
        runtime.recordCensus(plan);
        try {
            if (!autoCommit) {
                txn.checkUsable();
            }
            return decide(plan);
        } catch (SQLException | RuntimeException e) {
            if (autoCommit) {
                releasePins();
            } else {
                txn.failed(plan.sql(), e);
            }
            throw e;
        }
    }

    /**
     * A statement of the caller's transaction failed: as on PostgreSQL, the transaction is aborted. One
     * that ran on legacy and wrote nothing the layer captured is judged by pgjdbc itself (an error raised in
     * the driver, or under {@code autosave}, leaves the transaction usable); anything else aborts, since
     * its rows may be half-recorded for the mirror or the shards would roll back at commit.
     */
    void statementFailed(String sql, Throwable error, Side side, boolean captured) {
        if (autoCommit) {
            return;
        }
        if (side == Side.LEGACY && !captured && legacyStillUsable()) {
            return;
        }
        if (side == Side.TARGET && runtime.config.target().dialect() == io.shardbridge.config.Dialect.MYSQL
                && error instanceof SQLException e && (e.getErrorCode() == 1213 || "40001".equals(e.getSQLState()))) {
            txn.lostEntirely(sql, error); // InnoDB rolled back the deadlock victim's whole transaction
            return;
        }
        txn.failed(sql, error);
    }

    private boolean legacyStillUsable() {
        try {
            return delegate.isWrapperFor(org.postgresql.core.BaseConnection.class)
                    && delegate.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState() != org.postgresql.core.TransactionState.FAILED;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Before SQL that touches no migrating table runs straight on legacy (a pass-through prepared
     * statement, a batch, a procedure call): refused in an aborted transaction, and, when it may write,
     * refused in a transaction that writes the target — before anything runs.
     */
    void beforeLegacyOnly(String sql, boolean mayWrite) throws SQLException {
        checkOpen();
        if (autoCommit) {
            return;
        }
        try {
            txn.checkUsable();
            if (mayWrite) {
                txn.claimWrite(Side.LEGACY, "tables outside every migration unit, which stay on legacy", sql);
            }
        } catch (SQLException e) {
            txn.failed(sql, e);
            throw e;
        }
    }

    /** True when SQL that touches no migrating table may write rows or schema (unknown SQL counts as a write). */
    static boolean mayWrite(StatementPlan plan) {
        StatementShape shape = plan.shape();
        return shape == null || shape.kind().writesRows() || shape.kind() == StatementKind.DDL || shape.kind() == StatementKind.UNPARSEABLE;
    }

    private Route decide(StatementPlan plan) throws SQLException {
        StatementShape shape = plan.shape();
        refuseUnseenWrite(runtime.indirectWrites.find(plan.sql(), shape), plan.sql());
        if (shape != null && shape.kind() == StatementKind.CREATE_IF_MISSING && !plan.units().isEmpty()
                && relationExistsOnLegacy(shape.writtenTable())) {
            // a schema script's CREATE … IF NOT EXISTS of what exists: a no-op on legacy, which holds every unit table until TARGET_ONLY
            return new Route(Side.LEGACY, delegate, null, null, null, false);
        }
        if (plan.unclassifiable() != null) {
            UnitState unit = runtime.units.ofTable(plan.unclassifiable());
            MigrationPhase phase = pin(unit);
            // a plain read, recognised without the grammar, runs where every read goes while legacy is authoritative
            boolean readOnLegacy = phase.authoritative() == Side.LEGACY && LexicalRead.isRead(plan.sql());
            if (phase != MigrationPhase.LEGACY_ONLY && !readOnLegacy) {
                throw new SQLSyntaxErrorException("shardbridge cannot classify a statement that names migrating table " + plan.unclassifiable()
                        + " (unit " + unit.name() + ", phase " + phase + "), so it cannot route or mirror it safely; nothing was run. "
                        + "Parser: " + shape.parseError() + ". "
                        + (phase.authoritative() == Side.LEGACY ? "Rewrite it as plain INSERT/UPDATE/DELETE/SELECT."
                                : "From LIVE on it would run on the target, whose router cannot read it: rewrite it in SQL the parser reads, "
                                + "or move the unit back to SHADOW.") + " SQL: " + abbreviate(plan.sql()), "42601");
            }
            return new Route(Side.LEGACY, delegate, null, null, null, false);
        }
        Side side = null;
        String cause = null;
        for (UnitState unit : plan.units()) {
            MigrationPhase phase = pin(unit);
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
            cause = cause == null ? "tables outside every migration unit" : cause;
        }
        side = side == null ? Side.LEGACY : side;
        boolean write = shape.kind().writesRows() || shape.kind().changesSchema();
        DualWriteUnit capture = null;
        if (write) {
            capture = checkWrite(plan);
            if (!autoCommit) {
                txn.claimWrite(side, cause, plan.sql());
            }
        }
        Connection physical = side == Side.LEGACY ? delegate : target();
        if (side == Side.TARGET && !autoCommit) {
            txn.targetJoins(physical);
        }
        boolean internal = capture != null && autoCommit;
        if (internal) {
            physical.setAutoCommit(false);
        }
        DualWriteUnit shadow = null;
        MigrationPhase shadowPhase = null;
        // a read after this transaction's own write sees rows the other side cannot have yet: it is not compared
        if (shape.kind() == StatementKind.SELECT && runtime.shadow != null && txn.writeSide() == null) {
            for (UnitState unit : plan.units()) {
                DualWriteUnit candidate = runtime.dualWrite.get(unit);
                if (runtime.shadow.sample(candidate, pinned.get(unit))) {
                    shadow = candidate;
                    shadowPhase = pinned.get(unit);
                    break;
                }
            }
        }
        return new Route(side, physical, capture, shadow, shadowPhase, internal);
    }

    private boolean relationExistsOnLegacy(String relation) throws SQLException {
        try (java.sql.PreparedStatement ps = delegate.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, relation);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Refuses, past LEGACY_ONLY, a write to a migrating table that capture would not see (a function, view, WITH body, PREPARE, COPY). */
    void refuseUnseenWrite(IndirectWriteGuard.Found found, String sql) throws SQLException {
        if (found == null) {
            return;
        }
        MigrationPhase phase = pin(found.unit());
        if (phase != MigrationPhase.LEGACY_ONLY) {
            throw new SQLFeatureNotSupportedException("this statement writes migrating table " + found.table() + " (unit " + found.unit().name()
                    + ", phase " + phase + ") through " + found.what() + ", which the layer cannot capture, so it is refused before it runs; "
                    + "nothing was written. Fix: " + found.fix() + ". SQL: " + abbreviate(sql), "0A000");
        }
    }

    /** A COPY through the driver's copy API: refused past LEGACY_ONLY when it loads a migrating table (it is never captured). */
    void refuseUnseenCopy(String sql) throws SQLException {
        checkOpen();
        IndirectWriteGuard.Found found = runtime.indirectWrites.find(sql, runtime.plan(sql).shape());
        if (found != null && found.unit().phase() != MigrationPhase.LEGACY_ONLY) {
            throw new SQLFeatureNotSupportedException("this COPY writes migrating table " + found.table() + " (unit " + found.unit().name()
                    + ", phase " + found.unit().phase() + ") through " + found.what() + ", which the layer cannot capture, so it is refused "
                    + "before it runs; nothing was written. Fix: " + found.fix() + ". SQL: " + abbreviate(sql), "0A000");
        }
    }

    /** Refuses what cannot be mirrored safely; returns the unit to capture for, or null. */
    private DualWriteUnit checkWrite(StatementPlan plan) throws SQLException {
        StatementShape shape = plan.shape();
        if (shape.kind().changesSchema()) {
            for (UnitState unit : plan.units()) {
                if (pinned.get(unit).mirrorsWrites()) {
                    throw new SQLFeatureNotSupportedException("DDL on migrating table(s) " + shape.tables() + " is refused while unit " + unit.name()
                            + " is in " + pinned.get(unit) + ": both sides must keep the same schema. Move the unit back to LEGACY_ONLY "
                            + "(or on to TARGET_ONLY), change the schema on both sides, then move it again. Nothing was run.", "0A000");
                }
            }
            return null;
        }
        UnitState unit = plan.writtenUnit();
        if (unit == null) {
            return null;
        }
        MigrationPhase phase = pinned.get(unit);
        if (!phase.mirrorsWrites()) {
            // TARGET_ONLY: the router cannot move a row whose shard key an UPDATE changes; capture does (nothing is mirrored)
            return phase == MigrationPhase.TARGET_ONLY && movesShardKey(shape) ? runtime.dualWrite.get(unit) : null;
        }
        String reason = unit.unmirrorableReason(shape.writtenTable());
        if (reason != null) {
            throw new SQLFeatureNotSupportedException("cannot write migrating table " + shape.writtenTable() + " in " + phase + ": " + reason
                    + " Nothing was written.", "0A000");
        }
        DualWriteUnit dualWrite = runtime.dualWrite.get(unit);
        if (unit.config().outsideWrites().capture().streamMirrors(phase) && !assignsKey(dualWrite, shape)) {
            return null; // capture: logical — the unit's replication stream mirrors it; nothing on the caller's path
        }
        return dualWrite;
    }

    /**
     * An UPDATE (or upsert) that assigns a primary-key or shard-key column keeps the statement capture even
     * under {@code capture: logical}: it knows the rows' old keys and moves them on the target (the stream
     * re-reads by key and would not know where a row was), and a same-value assignment is mirrored.
     */
    private static boolean assignsKey(DualWriteUnit unit, StatementShape shape) {
        if (shape.assignments().isEmpty()) {
            return false;
        }
        var table = unit.table(shape.writtenTable());
        String shardKey = unit.shardKey(shape.writtenTable());
        return (table != null && table.primaryKey().stream().anyMatch(shape.assignments()::containsKey))
                || (shardKey != null && shape.assignments().containsKey(shardKey));
    }

    private boolean movesShardKey(StatementShape shape) {
        String shardKey = runtime.config.target().table(shape.writtenTable()).map(r -> r.shardKey()).orElse(null);
        return shape.kind() == io.shardbridge.bridge.sql.StatementKind.UPDATE && shardKey != null && shape.assignments().containsKey(shardKey);
    }

    private SQLException crossSide(StatementPlan plan, String first, String second) {
        return new SQLFeatureNotSupportedException("this statement touches " + first + " and " + second + ", which are authoritative on "
                + "different sides (legacy and the sharded target), so no single database can run it. Put the tables used together in one "
                + "migration unit, or split the statement. SQL: " + abbreviate(plan.sql()), "0A000");
    }

    private MigrationPhase pin(UnitState unit) throws SQLException {
        MigrationPhase phase = pinned.get(unit);
        if (phase == null) {
            phase = unit.enter();
            pinned.put(unit, phase);
        }
        return phase;
    }

    private void releasePins() {
        for (UnitState unit : pinned.keySet()) {
            unit.exit();
        }
        pinned.clear();
    }

    /** Runs a captured write of {@code route.capture()} on the authoritative side and records its rows (timed by {@link CaptureTimings}). */
    CaptureResult capture(Route route, WriteRequest request) throws SQLException {
        KeyChangeGuard.check(route.physical(), runtime.dialect(route.side()), request);
        PendingChanges changes = pinned.get(route.capture().state()).mirrorsWrites()
                ? pending.computeIfAbsent(route.capture(), u -> new PendingChanges())
                : new PendingChanges(); // TARGET_ONLY moves rows and mirrors nothing
        return runtime.captureFor(route.side(), request.table().name()).execute(route.physical(), request, changes);
    }

    /** Ends the statement: in autocommit, commits (with the mirror protocol) or rolls back, and releases the pins. */
    void afterStatement(Route route, boolean succeeded) throws SQLException {
        if (!autoCommit) {
            return;
        }
        try {
            if (route.internalTxn()) {
                if (succeeded) {
                    commitPending(route.side(), route.physical());
                } else {
                    pending.clear();
                    route.physical().rollback();
                }
            }
        } finally {
            pending.clear();
            releasePins();
            if (route.internalTxn()) {
                route.physical().setAutoCommit(true);
            }
        }
    }

    private void commitPending(Side side, Connection physical) throws SQLException {
        List<DualWriteCommit.UnitWork> work = new ArrayList<>();
        pending.forEach((unit, changes) -> {
            if (!changes.isEmpty()) {
                work.add(new DualWriteCommit.UnitWork(unit, changes));
            }
        });
        pending.clear();
        if (work.isEmpty()) {
            physical.commit();
        } else {
            runtime.commit.commit(side, physical, work);
        }
    }

    // ---- transactions

    @Override
    public void setAutoCommit(boolean wanted) throws SQLException {
        checkOpen();
        if (wanted == autoCommit) {
            return;
        }
        if (wanted) {
            commit(); // JDBC: switching autocommit on commits the current transaction
        }
        delegate.setAutoCommit(wanted);
        if (target != null) {
            target.setAutoCommit(wanted);
        }
        autoCommit = wanted;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        if (autoCommit) {
            delegate.commit(); // the driver's own "cannot commit in autocommit" error
            return;
        }
        try {
            if (txn.aborted()) {
                // PostgreSQL turns COMMIT of a transaction with a failed statement into ROLLBACK (and pgjdbc reports
                // no error): both sides roll back, nothing is mirrored
                rollbackSides();
                return;
            }
            Side side = txn.writeSide() == null ? Side.LEGACY : txn.writeSide();
            Connection authoritative = side == Side.LEGACY ? delegate : target();
            commitPending(side, authoritative);
            if (side == Side.LEGACY && target != null && txn.targetJoined()) {
                target.commit();
            } else if (side == Side.TARGET) {
                delegate.commit();
            }
        } catch (SQLException e) {
            throw CommitErrors.withSqlState(e);
        } finally {
            endTransaction();
        }
    }

    private void rollbackSides() throws SQLException {
        SQLException first = null;
        try {
            delegate.rollback();
        } catch (SQLException e) {
            first = e;
        }
        if (target != null && txn.targetJoined()) {
            try {
                target.rollback();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw CommitErrors.withSqlState(first);
        }
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (autoCommit) {
            delegate.rollback();
            return;
        }
        try {
            rollbackSides();
        } finally {
            endTransaction();
        }
    }

    private void endTransaction() {
        pending.clear();
        txn.end();
        releasePins();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return setSavepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkOpen();
        BridgeSavepoint savepoint = txn.setSavepoint(name, delegate, target);
        pending.forEach((unit, changes) -> savepoint.pending.put(unit, changes.copy()));
        return savepoint;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        BridgeSavepoint bridge = BridgeSavepoint.of(savepoint, txn);
        txn.rollbackTo(bridge, delegate, target);
        // the captured rows go back to what they were when the savepoint was set (and units first written after it drop out)
        pending.clear();
        bridge.pending.forEach((unit, earlier) -> pending.put(unit, earlier.copy())); // a copy: it may be rolled back to again
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        txn.release(BridgeSavepoint.of(savepoint, txn), delegate, target);
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        delegate.setTransactionIsolation(level);
        if (target != null) {
            target.setTransactionIsolation(level);
        }
        settings.isolation(level);
    }

    @Override
    public void setReadOnly(boolean value) throws SQLException {
        checkOpen();
        delegate.setReadOnly(value);
        if (target != null) {
            target.setReadOnly(value);
        }
        settings.readOnly(value);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return settings.readOnly();
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        delegate.setHoldability(holdability);
        if (target != null) {
            target.setHoldability(holdability);
        }
        settings.holdability(holdability);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        delegate.setSchema(schema);
        if (target != null) {
            target.setSchema(schema);
        }
        settings.schema(schema);
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        delegate.setCatalog(catalog);
        if (target != null) {
            target.setCatalog(catalog);
        }
        settings.catalog(catalog);
    }

    @Override
    public void setClientInfo(String name, String value) throws java.sql.SQLClientInfoException {
        delegate.setClientInfo(name, value);
        if (target != null) {
            target.setClientInfo(name, value);
        }
        settings.clientInfo(name, value);
    }

    @Override
    public void setClientInfo(java.util.Properties properties) throws java.sql.SQLClientInfoException {
        delegate.setClientInfo(properties);
        if (target != null) {
            target.setClientInfo(properties);
        }
        settings.clientInfo(properties);
    }

    @Override
    public void setTypeMap(java.util.Map<String, Class<?>> map) throws SQLException {
        delegate.setTypeMap(map);
        settings.typeMap(map);
        if (target != null) {
            settings.typeMapTo(target);
        }
    }

    /** The target connection, opened on first use with this connection's settings. */
    Connection target() throws SQLException {
        if (target == null) {
            Connection c = runtime.target.getConnection();
            try {
                c.setAutoCommit(autoCommit);
                settings.applyTo(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            target = c;
        }
        return target;
    }

    // ---- statements

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        return createStatement(type, concurrency, delegate.getHoldability());
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        return new RoutedStatement(this, type, concurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, io.shardbridge.bridge.capture.KeysRequest.NONE, java.sql.ResultSet.TYPE_FORWARD_ONLY,
                java.sql.ResultSet.CONCUR_READ_ONLY, -1);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return prepare(sql, io.shardbridge.bridge.capture.KeysRequest.NONE, type, concurrency, -1);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        return prepare(sql, io.shardbridge.bridge.capture.KeysRequest.NONE, type, concurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS ? io.shardbridge.bridge.capture.KeysRequest.ALL
                : io.shardbridge.bridge.capture.KeysRequest.NONE, java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY, -1);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        StatementPlan plan = runtime.plan(sql);
        if (plan.legacyOnly() && !mayWriteUnseen(plan)) {
            return new PassThroughPreparedStatement(this, plan, delegate.prepareStatement(sql, columnIndexes));
        }
        throw new SQLFeatureNotSupportedException("generated keys by column index are not supported on migrating tables; "
                + "ask for them by column name or with Statement.RETURN_GENERATED_KEYS", "0A000");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        List<String> names = new ArrayList<>();
        for (String name : columnNames) {
            names.add(name.toLowerCase(java.util.Locale.ROOT));
        }
        return prepare(sql, new io.shardbridge.bridge.capture.KeysRequest(false, names), java.sql.ResultSet.TYPE_FORWARD_ONLY,
                java.sql.ResultSet.CONCUR_READ_ONLY, -1);
    }

    private PreparedStatement prepare(String sql, io.shardbridge.bridge.capture.KeysRequest keys, int type, int concurrency, int holdability)
            throws SQLException {
        checkOpen();
        StatementPlan plan = runtime.plan(sql);
        if (plan.legacyOnly() && plan.unclassifiable() == null && !mayWriteUnseen(plan)) {
            return new PassThroughPreparedStatement(this, plan, PhysicalStatements.prepare(delegate, sql, keys, type, concurrency, holdability));
        }
        return new RoutedPreparedStatement(this, plan, keys, type, concurrency, holdability);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCall(sql, java.sql.ResultSet.TYPE_FORWARD_ONLY, java.sql.ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return prepareCall(sql, type, concurrency, delegate.getHoldability());
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        if (!runtime.units.isEmpty()) {
            for (UnitState unit : runtime.units.all()) {
                for (String table : unit.tables()) {
                    if (sql.toLowerCase(java.util.Locale.ROOT).contains(table)) {
                        throw new SQLFeatureNotSupportedException("stored procedure calls that name migrating table " + table
                                + " cannot be routed or mirrored; call it with a plain statement on tables outside the unit", "0A000");
                    }
                }
            }
        }
        IndirectWriteGuard.Found found = runtime.indirectWrites.findInText(sql, true);
        if (found != null && found.unit().phase() != MigrationPhase.LEGACY_ONLY) {
            throw new SQLFeatureNotSupportedException("this call writes migrating table " + found.table() + " (unit " + found.unit().name()
                    + ", phase " + found.unit().phase() + ") through " + found.what() + ", which the layer cannot capture, so it is refused "
                    + "before it runs; nothing was written. Fix: " + found.fix() + ". SQL: " + abbreviate(sql), "0A000");
        }
        // what a procedure writes is unknown: in a transaction it counts as a write on legacy from the moment it is prepared
        beforeLegacyOnly(sql, true);
        return delegate.prepareCall(sql, type, concurrency, holdability);
    }

    /** A statement that touches no migrating table by name may still write one through a routine, a view, a WITH body, PREPARE or COPY. */
    boolean mayWriteUnseen(StatementPlan plan) {
        return runtime.indirectWrites.find(plan.sql(), plan.shape()) != null;
    }

    // ---- lifecycle

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException first = null;
        try {
            if (!autoCommit) {
                rollbackSides();
            }
        } catch (SQLException e) {
            first = e;
        } finally {
            endTransaction();
        }
        if (target != null) {
            try {
                target.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        try {
            delegate.close();
        } catch (SQLException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || delegate.isClosed();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        return !closed && delegate.isValid(timeout) && (target == null || target.isValid(timeout));
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        closed = true;
        endTransaction();
        if (target != null) {
            target.abort(executor);
        }
        delegate.abort(executor);
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        delegate.setNetworkTimeout(executor, milliseconds);
        if (target != null) {
            target.setNetworkTimeout(executor, milliseconds);
        }
        settings.networkTimeout(executor, milliseconds);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface == org.postgresql.PGConnection.class && !runtime.units.isEmpty()) {
            return iface.cast(new GuardedPgConnection(this, delegate.unwrap(org.postgresql.PGConnection.class),
                    delegate.unwrap(org.postgresql.core.BaseConnection.class)));
        }
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("this shardbridge connection is closed", "08003");
        }
    }

    static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
