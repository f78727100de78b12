package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.CaptureResult;
import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.bridge.capture.WriteRequest;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.jdbc.delegate.ConnectionSettings;
import io.shardbridge.jdbc.delegate.DelegatingConnection;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * A connection of the migration layer: a legacy connection (always open: tables outside every unit
 * live there) and a connection to the sharded target (opened on first use). Each statement runs where
 * {@link StatementRouter} decides — on the authoritative side of the units it touches, in the phase its
 * transaction pinned when it first touched each unit; writes in a mirroring phase are captured
 * ({@link StatementCapture}) and mirrored at commit ({@link TransactionSides}). This class is the
 * {@link Connection} face of that: settings passed to both sides, statement factories, lifecycle, and the
 * entry points its statements call.
 */
final class BridgeConnection extends DelegatingConnection {
    private final BridgeRuntime runtime;
    /** The session settings the caller set, replayed onto the target when it opens (and passed on while it is open). */
    private final ConnectionSettings settings = new ConnectionSettings();
    /** The caller's transaction (or, in autocommit, the current statement): pins, captured rows, failures, savepoints. */
    private final BridgeTransaction txn = new BridgeTransaction();
    private final TransactionSides sides;
    private final StatementCapture capture;
    private final StatementRouter.LegacyRelations legacyRelations = this::relationExistsOnLegacy;
    private boolean closed;

    BridgeConnection(BridgeRuntime runtime, Connection legacy) throws SQLException {
        super(legacy);
        this.runtime = runtime;
        this.sides = new TransactionSides(runtime, txn, legacy, settings);
        this.capture = new StatementCapture(runtime, txn);
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

    // ---- what the statements call

    /** Decides where a statement runs, pinning the phases of the units it touches. */
    Route route(StatementPlan plan) throws SQLException {
        checkOpen();
        runtime.recordCensus(plan);
        try {
            IndirectWriteGuard.Found unseenWrite = runtime.indirectWrites.find(plan.sql(), plan.shape());
            return sides.enter(runtime.router.route(plan, unseenWrite, txn, !sides.autoCommit(), legacyRelations));
        } catch (SQLException | RuntimeException e) {
            sides.routeFailed(plan.sql(), e);
            throw e;
        }
    }

    private boolean relationExistsOnLegacy(String relation) throws SQLException {
        try (PreparedStatement ps = delegate.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** See {@link TransactionSides#statementFailed}. */
    void statementFailed(String sql, Throwable error, Side side, boolean captured) {
        sides.statementFailed(sql, error, side, captured);
    }

    /** Runs a captured write of {@code route.capture()} on the authoritative side and records its rows (timed by {@link CaptureTimings}). */
    CaptureResult capture(Route route, WriteRequest request) throws SQLException {
        return capture.run(route, request);
    }

    /** Ends the statement: in autocommit, commits (with the mirror protocol) or rolls back, and releases the pins. */
    void afterStatement(Route route, boolean succeeded) throws SQLException {
        sides.afterStatement(route, succeeded);
    }

    /** Before SQL that touches no migrating table runs straight on legacy: see {@link StatementRouter#checkLegacyOnly}. */
    void beforeLegacyOnly(String sql, boolean mayWrite) throws SQLException {
        checkOpen();
        if (sides.autoCommit()) {
            return;
        }
        try {
            StatementRouter.checkLegacyOnly(sql, mayWrite, txn);
        } catch (SQLException e) {
            txn.failed(sql, e);
            throw e;
        }
    }

    /** True when SQL that touches no migrating table may write rows or schema (unknown SQL counts as a write). */
    static boolean mayWrite(StatementPlan plan) {
        return StatementRouter.mayWrite(plan);
    }

    /** A statement that touches no migrating table by name may still write one through a routine, a view, a WITH body, PREPARE or COPY. */
    boolean mayWriteUnseen(StatementPlan plan) {
        return runtime.indirectWrites.find(plan.sql(), plan.shape()) != null;
    }

    /** A COPY through the driver's copy API: refused past LEGACY_ONLY when it loads a migrating table (it is never captured). */
    void refuseUnseenCopy(String sql) throws SQLException {
        checkOpen();
        StatementRouter.refuseUnseenCopy(runtime.indirectWrites.find(sql, runtime.plan(sql).shape()), sql);
    }

    // ---- transactions

    @Override
    public void setAutoCommit(boolean wanted) throws SQLException {
        checkOpen();
        sides.setAutoCommit(wanted);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return sides.autoCommit();
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        sides.commit();
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        sides.rollback();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return setSavepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkOpen();
        return sides.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        sides.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        sides.releaseSavepoint(savepoint);
    }

    // ---- settings: on both sides, and replayed onto the target when it opens

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        delegate.setTransactionIsolation(level);
        onTarget(target -> target.setTransactionIsolation(level));
        settings.isolation(level);
    }

    @Override
    public void setReadOnly(boolean value) throws SQLException {
        checkOpen();
        delegate.setReadOnly(value);
        onTarget(target -> target.setReadOnly(value));
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
        onTarget(target -> target.setHoldability(holdability));
        settings.holdability(holdability);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        delegate.setSchema(schema);
        onTarget(target -> target.setSchema(schema));
        settings.schema(schema);
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        delegate.setCatalog(catalog);
        onTarget(target -> target.setCatalog(catalog));
        settings.catalog(catalog);
    }

    @Override
    public void setClientInfo(String name, String value) throws java.sql.SQLClientInfoException {
        delegate.setClientInfo(name, value);
        Connection target = sides.targetIfOpen();
        if (target != null) {
            target.setClientInfo(name, value);
        }
        settings.clientInfo(name, value);
    }

    @Override
    public void setClientInfo(java.util.Properties properties) throws java.sql.SQLClientInfoException {
        delegate.setClientInfo(properties);
        Connection target = sides.targetIfOpen();
        if (target != null) {
            target.setClientInfo(properties);
        }
        settings.clientInfo(properties);
    }

    @Override
    public void setTypeMap(java.util.Map<String, Class<?>> map) throws SQLException {
        delegate.setTypeMap(map);
        settings.typeMap(map);
        Connection target = sides.targetIfOpen();
        if (target != null) {
            settings.typeMapTo(target);
        }
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        delegate.setNetworkTimeout(executor, milliseconds);
        onTarget(target -> target.setNetworkTimeout(executor, milliseconds));
        settings.networkTimeout(executor, milliseconds);
    }

    /** Passes a setting on to the target when it is open (when it opens later, {@link #settings} replays it). */
    private void onTarget(TargetSetting setting) throws SQLException {
        Connection target = sides.targetIfOpen();
        if (target != null) {
            setting.applyTo(target);
        }
    }

    @FunctionalInterface
    private interface TargetSetting {
        void applyTo(Connection target) throws SQLException;
    }

    // ---- statements

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
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
        return prepare(sql, KeysRequest.NONE, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, -1);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return prepare(sql, KeysRequest.NONE, type, concurrency, -1);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        return prepare(sql, KeysRequest.NONE, type, concurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS ? KeysRequest.ALL : KeysRequest.NONE,
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, -1);
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
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return prepare(sql, new KeysRequest(false, names), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, -1);
    }

    private PreparedStatement prepare(String sql, KeysRequest keys, int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        StatementPlan plan = runtime.plan(sql);
        if (plan.legacyOnly() && plan.unclassifiable() == null && !mayWriteUnseen(plan)) {
            return new PassThroughPreparedStatement(this, plan, PhysicalStatements.prepare(delegate, sql, keys, type, concurrency, holdability));
        }
        return new RoutedPreparedStatement(this, plan, keys, type, concurrency, holdability);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return prepareCall(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return prepareCall(sql, type, concurrency, delegate.getHoldability());
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        runtime.router.refuseCallNamingUnitTable(sql);
        StatementRouter.refuseUnseenCall(runtime.indirectWrites.findInText(sql, true), sql);
        // what a procedure writes is unknown: in a transaction it counts as a write on legacy from the moment it is prepared
        beforeLegacyOnly(sql, true);
        return delegate.prepareCall(sql, type, concurrency, holdability);
    }

    // ---- lifecycle

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        sides.close();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || delegate.isClosed();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        Connection target = sides.targetIfOpen();
        return !closed && delegate.isValid(timeout) && (target == null || target.isValid(timeout));
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        closed = true;
        sides.abort(executor);
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
}
