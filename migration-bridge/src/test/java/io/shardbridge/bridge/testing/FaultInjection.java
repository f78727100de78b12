package io.shardbridge.bridge.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Breaks the mirror on demand (STYLE: fault injection through a wrapping DataSource): an outage makes
 * every new mirror connection fail; a lost commit makes the next mirror commits fail, as if the
 * connection dropped between the authoritative commit and the mirror commit; a slow mirror makes every
 * new mirror connection take that long to open (the service's commits slow down with it).
 */
public final class FaultInjection {
    private final AtomicBoolean outage = new AtomicBoolean();
    private final java.util.Set<String> down = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger failCommits = new AtomicInteger();
    private final AtomicInteger commitsFailed = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong slowMillis = new java.util.concurrent.atomic.AtomicLong();

    public void outage(boolean on) {
        outage.set(on);
    }

    /** An outage of one database only ("legacy" or a shard's name), for DataSources wrapped by {@link #wrap(String, DataSource)}. */
    public void outage(String database, boolean on) {
        if (on) {
            down.add(database);
        } else {
            down.remove(database);
        }
    }

    public void failNextCommits(int count) {
        failCommits.set(count);
    }

    public int commitsFailed() {
        return commitsFailed.get();
    }

    /** Each new mirror connection takes this long to open (zero: as fast as the database). */
    public void slowMirror(java.time.Duration delay) {
        slowMillis.set(delay.toMillis());
    }

    public void reset() {
        slowMillis.set(0);
        outage.set(false);
        down.clear();
        failCommits.set(0);
        commitsFailed.set(0);
    }

    public DataSource wrap(DataSource real) {
        return wrap("", real);
    }

    /** Wraps the mirror DataSource of one database ("legacy" or a shard's name): {@link #outage(String, boolean)} reaches it too. */
    public DataSource wrap(String database, DataSource real) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
                if (outage.get() || down.contains(database)) {
                    throw new SQLTransientConnectionException("injected outage: " + (database.isEmpty() ? "the mirror" : database)
                            + " refuses connections", "08001");
                }
                long delay = slowMillis.get();
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                return connection(database, (Connection) invoke(real, method, args));
            }
            return invoke(real, method, args);
        });
    }

    private Connection connection(String database, Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("commit") && failCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                commitsFailed.incrementAndGet();
                real.rollback();
                throw new SQLException("injected: mirror connection lost before commit", "08006");
            }
            if ((outage.get() || down.contains(database)) && !method.getName().equals("close") && !method.getName().equals("rollback")) {
                throw new SQLException("injected mirror outage", "08006");
            }
            return invoke(real, method, args);
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
