package io.shardbridge.sharding.fastpath;

import io.shardbridge.jdbc.delegate.DelegatingPreparedStatement;
import io.shardbridge.jdbc.delegate.ParameterBindings;
import io.shardbridge.jdbc.delegate.StatementSettings;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.shardingsphere.GeneratedKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A prepared statement on the single-shard fast path. Parameter values are recorded (and kept until
 * cleared, as JDBC requires); each execution reads the shard-key value, picks the physical table with
 * the layout's slot function — the object ShardingSphere's algorithm calls — and runs the rewritten text
 * on the shard's physical connection from ShardingSphere's own connection manager, so it joins the
 * routing connection's transaction exactly as ShardingSphere's execution would.
 *
 * <p>When the value cannot be placed here (NULL, unset, a type the slot function refuses) or a batch
 * spans physical tables, that execution goes through ShardingSphere's statement instead, which then
 * answers as ShardingSphere always has (its error included).
 *
 * <p>What is not an execution (results of the last one, metadata) goes to the statement that ran last, or
 * to ShardingSphere's when none has run.
 */
final class FastPathStatement extends DelegatingPreparedStatement {
    private final SingleShardPlan plan;
    private final String sql;
    private final RoutingConnections.RoutingConnection owner;
    private final RoutingConnections.Preparation preparation;
    private final boolean keysRequested;
    private final FastPathStats stats;
    private final ParameterBindings parameters = new ParameterBindings();
    private final StatementSettings settings = new StatementSettings(true);
    private final List<ParameterBindings> batch = new ArrayList<>();
    private final Map<Integer, PreparedStatement> bySlot = new HashMap<>(4);
    private PreparedStatement shardingSphere;
    private PreparedStatement current;
    private Object generatedKey; // the key the fast path generated for the last execution, answered by getGeneratedKeys()
    private boolean closed;

    /**
     * @param preparation   the overload the caller used, to prepare ShardingSphere's statement and the physical ones alike
     * @param keysRequested the overload asks for generated keys (the fast path answers them itself when it generates the key)
     */
    FastPathStatement(SingleShardPlan plan, String sql, RoutingConnections.RoutingConnection owner, RoutingConnections.Preparation preparation,
                      boolean keysRequested, FastPathStats stats) {
        super(null);
        this.plan = plan;
        this.sql = sql;
        this.owner = owner;
        this.preparation = preparation;
        this.keysRequested = keysRequested;
        this.stats = stats;
    }

    @Override
    protected PreparedStatement delegate() throws SQLException {
        checkOpen();
        return current != null ? current : shardingSphere();
    }

    @Override
    protected void bind(int position, Object value, ParameterBindings.Setter setter) throws SQLException {
        checkOpen();
        parameters.set(position, value, setter);
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        parameters.clear();
    }

    // ---- executions

    @Override
    public boolean execute() throws SQLException {
        return prepareExecution().execute();
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return prepareExecution().executeQuery();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return prepareExecution().executeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return prepareExecution().executeLargeUpdate();
    }

    /** The statement this execution runs on, with the values bound (and the generated key, when the fast path generates it). */
    private PreparedStatement prepareExecution() throws SQLException {
        checkOpen();
        Object key = plan.generatedKey() == null ? null : GeneratedKeys.next(owner, plan.table(), plan.generatedKey());
        int slot = slotOf(parameters, key);
        PreparedStatement target = slot >= 0 ? physical(slot) : shardingSphere();
        parameters.replay(target);
        if (slot >= 0 && key != null) {
            target.setObject(plan.parameterCount() + 1, key);
        }
        generatedKey = slot >= 0 ? key : null; // on ShardingSphere's path its own generated key is what counts
        return ran(target, slot);
    }

    private PreparedStatement ran(PreparedStatement target, int slot) {
        current = target;
        if (slot >= 0) {
            stats.fast();
        } else {
            stats.routed();
        }
        return target;
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(parameters.copy());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return prepareBatch().executeBatch();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return prepareBatch().executeLargeBatch();
    }

    /** The statement the batch runs on: one physical table when every entry lands on it, ShardingSphere's otherwise. */
    private PreparedStatement prepareBatch() throws SQLException {
        checkOpen();
        int slot = -1;
        for (ParameterBindings set : batch) {
            int s = plan.generatedKey() == null ? slotOf(set, null) : -1; // generated keys in batches: ShardingSphere's
            if (s < 0 || slot >= 0 && s != slot) {
                slot = -1;
                break;
            }
            slot = s;
        }
        PreparedStatement target = slot >= 0 ? physical(slot) : shardingSphere();
        List<ParameterBindings> sets = new ArrayList<>(batch);
        batch.clear();
        for (ParameterBindings set : sets) {
            set.replay(target);
            target.addBatch();
        }
        generatedKey = null;
        return ran(target, slot);
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (generatedKey != null && current != null && current != shardingSphere) {
            return KeysResultSet.of(plan.generatedKey(), generatedKey, this);
        }
        return delegate().getGeneratedKeys();
    }

    /** The slot of this execution's shard-key value, or -1 when ShardingSphere must decide. */
    private int slotOf(ParameterBindings values, Object generated) {
        Object key;
        if (plan.keyGenerated()) {
            key = generated;
        } else if (plan.keyParameter() >= 0) {
            key = values.valueOrNull(plan.keyParameter()); // unset or SQL NULL: ShardingSphere decides
        } else {
            key = plan.keyLiteral();
        }
        if (key == null) {
            return -1;
        }
        try {
            return plan.layout().slotFunction().slotOf(key);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The physical statement for a slot, on the shard connection of the routing connection's current transaction. */
    private PreparedStatement physical(int slot) throws SQLException {
        PhysicalTable table = plan.layout().physicalTableOf(slot);
        Connection connection = owner.physical(table.shard());
        PreparedStatement ps = bySlot.get(slot);
        if (ps == null || ps.getConnection() != connection || ps.isClosed()) {
            if (ps != null) {
                ps.close();
            }
            String physicalSql = plan.sqlFor(slot);
            // with a generated key the fast path answers getGeneratedKeys() itself, with the key it generated
            ps = plan.generatedKey() != null && keysRequested ? connection.prepareStatement(physicalSql) : preparation.prepare(connection, physicalSql);
            settings.applyTo(ps);
            bySlot.put(slot, ps);
        }
        return ps;
    }

    private PreparedStatement shardingSphere() throws SQLException {
        if (shardingSphere == null) {
            shardingSphere = preparation.prepare(owner.opened(), sql);
            settings.applyTo(shardingSphere);
        }
        return shardingSphere;
    }

    // ---- settings: kept here and replayed onto every physical statement this one runs on

    private List<Statement> open() {
        List<Statement> out = new ArrayList<>(bySlot.values());
        if (shardingSphere != null) {
            out.add(shardingSphere);
        }
        return out;
    }

    /** A setting changed: every statement already prepared gets it too. */
    private void reapply() throws SQLException {
        for (Statement st : open()) {
            settings.applyTo(st);
        }
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        settings.fetchSize(rows);
        reapply();
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return settings.fetchSize();
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        settings.fetchDirection(direction);
        reapply();
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return settings.fetchDirection();
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        settings.maxRows(max);
        reapply();
    }

    @Override
    public int getMaxRows() throws SQLException {
        long max = getLargeMaxRows();
        return max > Integer.MAX_VALUE ? 0 : (int) max;
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return settings.maxRows();
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        settings.maxFieldSize(max);
        reapply();
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return settings.maxFieldSize();
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        settings.queryTimeout(seconds);
        reapply();
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return settings.queryTimeout();
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        settings.escapeProcessing(enable);
        reapply();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        checkOpen();
        settings.cursorName(name);
        reapply();
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        settings.poolable(poolable);
        reapply();
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return settings.poolable();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        settings.closeOnCompletion(true);
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return settings.closeOnCompletion();
    }

    // ---- life cycle

    @Override
    public Connection getConnection() {
        return owner;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        for (Statement st : open()) {
            try {
                st.close();
            } catch (SQLException e) {
                failure = failure == null ? e : failure;
            }
        }
        bySlot.clear();
        shardingSphere = null;
        current = null;
        if (failure != null) {
            throw failure;
        }
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the statement is closed", "HY010");
        }
    }
}
