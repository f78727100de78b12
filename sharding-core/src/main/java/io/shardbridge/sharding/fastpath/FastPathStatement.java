package io.shardbridge.sharding.fastpath;

import io.shardbridge.jdbc.RetainedParameters;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.shardingsphere.GeneratedKeys;
import io.shardbridge.sharding.shardingsphere.TransactionConnections;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
 */
final class FastPathStatement implements InvocationHandler {
    /** Statement settings that must reach every physical statement this one runs on. */
    private static final Set<String> SETTINGS = Set.of("setFetchSize", "setMaxRows", "setLargeMaxRows", "setQueryTimeout", "setFetchDirection",
            "setEscapeProcessing", "setPoolable", "setCursorName", "closeOnCompletion", "setMaxFieldSize");

    private static final Method PREPARE_PLAIN;

    static {
        try {
            PREPARE_PLAIN = Connection.class.getMethod("prepareStatement", String.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SingleShardPlan plan;
    private final Connection owner;
    private final Connection routing;
    private final Method prepare;
    private final Object[] prepareArgs;
    private final FastPathStats stats;
    private final TreeMap<Integer, Object[]> parameters = new TreeMap<>();
    private final List<Object[]> settings = new ArrayList<>();
    private final List<TreeMap<Integer, Object[]>> batch = new ArrayList<>();
    private final Map<Integer, PreparedStatement> bySlot = new HashMap<>(4);
    private PreparedStatement shardingSphere;
    private Statement current;
    private Object generatedKey; // the key the fast path generated for the last execution, answered by getGeneratedKeys()
    private boolean closed;

    private FastPathStatement(SingleShardPlan plan, Connection owner, Connection routing, Method prepare, Object[] prepareArgs, FastPathStats stats) {
        this.plan = plan;
        this.owner = owner;
        this.routing = routing;
        this.prepare = prepare;
        this.prepareArgs = prepareArgs;
        this.stats = stats;
    }

    static PreparedStatement create(SingleShardPlan plan, Connection owner, Connection routing, Method prepare, Object[] args, FastPathStats stats) {
        return (PreparedStatement) Proxy.newProxyInstance(FastPathStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                new FastPathStatement(plan, owner, routing, prepare, args, stats));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "close" -> {
                close();
                return null;
            }
            case "isClosed" -> {
                return closed;
            }
            case "getConnection" -> {
                return owner;
            }
            case "unwrap" -> {
                if (((Class<?>) args[0]).isInstance(proxy)) {
                    return proxy;
                }
            }
            case "isWrapperFor" -> {
                if (((Class<?>) args[0]).isInstance(proxy)) {
                    return true;
                }
            }
            default -> {
            }
        }
        checkOpen();
        if (name.equals("clearParameters")) {
            parameters.clear();
            return null;
        }
        if (isParameterSetter(method, args)) {
            parameters.put((Integer) args[0], new Object[] {method, args});
            return null;
        }
        if (SETTINGS.contains(name)) {
            settings.add(new Object[] {method, args});
            for (Statement st : open()) {
                RetainedParameters.invoke(st, method, args);
            }
            return null;
        }
        boolean runsBoundValues = args == null || args.length == 0;
        if (runsBoundValues && (name.equals("execute") || name.equals("executeQuery") || name.equals("executeUpdate") || name.equals("executeLargeUpdate"))) {
            return execute(method);
        }
        if (runsBoundValues && name.equals("addBatch")) {
            batch.add(new TreeMap<>(parameters));
            return null;
        }
        if (name.equals("clearBatch")) {
            batch.clear();
            return null;
        }
        if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
            return executeBatch(method);
        }
        if (name.equals("getGeneratedKeys") && generatedKey != null && current != null && current != shardingSphere) {
            return KeysResultSet.of(plan.generatedKey(), generatedKey, (Statement) proxy);
        }
        // results of the last execution, statement properties, metadata: the statement that last ran (or ShardingSphere's)
        return RetainedParameters.invoke(current != null ? current : shardingSphere(), method, args);
    }

    private Object execute(Method method) throws Throwable {
        Object key = plan.generatedKey() == null ? null : GeneratedKeys.next(routing, plan.table(), plan.generatedKey());
        int slot = slotOf(parameters, key);
        PreparedStatement target = slot >= 0 ? physical(slot) : shardingSphere();
        bind(target, parameters);
        if (slot >= 0 && key != null) {
            target.setObject(plan.parameterCount() + 1, key);
        }
        generatedKey = slot >= 0 ? key : null; // on ShardingSphere's path its own generated key is what counts
        return run(target, slot, method);
    }

    private Object run(PreparedStatement target, int slot, Method method) throws Throwable {
        current = target;
        if (slot >= 0) {
            stats.fast();
        } else {
            stats.routed();
        }
        return RetainedParameters.invoke(target, method, null);
    }

    private Object executeBatch(Method method) throws Throwable {
        int slot = -1;
        for (TreeMap<Integer, Object[]> set : batch) {
            int s = plan.generatedKey() == null ? slotOf(set, null) : -1; // generated keys in batches: ShardingSphere's
            if (s < 0) {
                slot = -1;
                break;
            }
            if (slot >= 0 && s != slot) {
                slot = -1;
                break;
            }
            slot = s;
        }
        PreparedStatement target = slot >= 0 ? physical(slot) : shardingSphere();
        List<TreeMap<Integer, Object[]>> sets = new ArrayList<>(batch);
        batch.clear();
        for (TreeMap<Integer, Object[]> set : sets) {
            bind(target, set);
            target.addBatch();
        }
        generatedKey = null;
        return run(target, slot, method);
    }

    /** The slot of this execution's shard-key value, or -1 when ShardingSphere must decide. */
    private int slotOf(TreeMap<Integer, Object[]> values, Object generated) {
        Object key;
        if (plan.keyGenerated()) {
            key = generated;
        } else if (plan.keyParameter() >= 0) {
            Object[] call = values.get(plan.keyParameter() + 1);
            if (call == null || ((Method) call[0]).getName().equals("setNull")) {
                return -1;
            }
            key = ((Object[]) call[1])[1];
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
    private PreparedStatement physical(int slot) throws Throwable {
        PhysicalTable table = plan.layout().physicalTableOf(slot);
        Connection connection = TransactionConnections.physical(routing, table.shard());
        PreparedStatement ps = bySlot.get(slot);
        if (ps == null || ps.getConnection() != connection || ps.isClosed()) {
            if (ps != null) {
                ps.close();
            }
            Object[] args = prepareArgs.clone();
            args[0] = plan.sqlFor(slot);
            Method how = prepare;
            if (plan.generatedKey() != null && args.length == 2) {
                how = PREPARE_PLAIN; // the fast path answers getGeneratedKeys() itself, with the key it generated
                args = new Object[] {args[0]};
            }
            ps = (PreparedStatement) RetainedParameters.invoke(connection, how, args);
            applySettings(ps);
            bySlot.put(slot, ps);
        }
        return ps;
    }

    private PreparedStatement shardingSphere() throws Throwable {
        if (shardingSphere == null) {
            shardingSphere = (PreparedStatement) RetainedParameters.invoke(routing, prepare, prepareArgs);
            applySettings(shardingSphere);
        }
        return shardingSphere;
    }

    private void applySettings(Statement st) throws Throwable {
        for (Object[] setting : settings) {
            RetainedParameters.invoke(st, (Method) setting[0], (Object[]) setting[1]);
        }
    }

    private static void bind(PreparedStatement target, TreeMap<Integer, Object[]> values) throws Throwable {
        for (Object[] call : values.values()) {
            RetainedParameters.invoke(target, (Method) call[0], (Object[]) call[1]);
        }
    }

    private List<Statement> open() {
        List<Statement> out = new ArrayList<>(bySlot.values());
        if (shardingSphere != null) {
            out.add(shardingSphere);
        }
        return out;
    }

    private void close() throws SQLException {
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

    private static boolean isParameterSetter(Method method, Object[] args) {
        return method.getName().startsWith("set") && args != null && args.length >= 2 && method.getParameterTypes()[0] == int.class
                && !SETTINGS.contains(method.getName());
    }
}
