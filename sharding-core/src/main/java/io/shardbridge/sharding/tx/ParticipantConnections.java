package io.shardbridge.sharding.tx;

import io.shardbridge.jdbc.DelegatingDataSource;
import io.shardbridge.jdbc.RetainedParameters;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The shard connections ShardingSphere (and the fast path, which uses ShardingSphere's connection manager)
 * opens for one routing connection: each reports to that connection's {@link ShardTransaction} before work
 * runs on it — a statement execution (with its SQL, to tell reads from writes) or a savepoint — so the
 * transaction knows which shards joined and wrote before the statement reaches the shard.
 */
final class ParticipantConnections {
    private ParticipantConnections() {
    }

    static DataSource dataSource(String shard, String database, DataSource pool, ShardTransaction tx) {
        return new DelegatingDataSource(pool) {
            @Override
            public Connection getConnection() throws SQLException {
                return connection(new Participant(shard, database, super.getConnection()), tx);
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return connection(new Participant(shard, database, super.getConnection(username, password)), tx);
            }
        };
    }

    private static Connection connection(Participant p, ShardTransaction tx) {
        return (Connection) Proxy.newProxyInstance(ParticipantConnections.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(p, tx));
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Participant participant;
        private final ShardTransaction tx;

        ConnectionHandler(Participant participant, ShardTransaction tx) {
            this.participant = participant;
            this.tx = tx;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "equals" -> {
                    return proxy == args[0]; // identity: ShardingSphere keeps connections in sets
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "unwrap" -> {
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                }
                case "setSavepoint", "releaseSavepoint" -> tx.beforeWork(participant);
                case "rollback" -> {
                    if (args != null && args.length == 1) {
                        tx.beforeWork(participant);
                    }
                }
                default -> {
                }
            }
            Object result = RetainedParameters.invoke(participant.physical, method, args);
            if (result instanceof Statement st) {
                String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                Class<?> face = st instanceof CallableStatement ? CallableStatement.class : st instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(ParticipantConnections.class.getClassLoader(), new Class<?>[] {face},
                        new StatementHandler(st, (Connection) proxy, participant, tx, sql));
            }
            return result;
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Statement delegate;
        private final Connection owner;
        private final Participant participant;
        private final ShardTransaction tx;
        private final String preparedSql;
        private final List<String> batch = new ArrayList<>();

        StatementHandler(Statement delegate, Connection owner, Participant participant, ShardTransaction tx, String preparedSql) {
            this.delegate = delegate;
            this.owner = owner;
            this.participant = participant;
            this.tx = tx;
            this.preparedSql = preparedSql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("getConnection")) {
                return owner;
            }
            if (name.equals("equals")) {
                return proxy == args[0]; // identity: ShardingSphere keys its batch bookkeeping by statement
            }
            if (name.equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
                return proxy;
            }
            if (name.startsWith("execute") && !tx.autoCommit()) {
                String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql;
                if (name.endsWith("Batch") && preparedSql == null) {
                    sql = batch.stream().filter(StatementKinds::mayWrite).findFirst().orElse(batch.isEmpty() ? null : batch.get(0));
                }
                if (StatementKinds.mayWrite(sql)) {
                    tx.beforeWrite(participant, sql);
                } else {
                    tx.beforeWork(participant);
                }
            }
            if (name.equals("addBatch") && args != null && args.length == 1 && args[0] instanceof String s) {
                batch.add(s);
            } else if (name.equals("clearBatch") || (name.startsWith("execute") && name.endsWith("Batch"))) {
                batch.clear();
            }
            return RetainedParameters.invoke(delegate, method, args);
        }
    }
}
