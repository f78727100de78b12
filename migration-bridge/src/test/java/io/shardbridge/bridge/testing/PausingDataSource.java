package io.shardbridge.bridge.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Widens a race window on demand (STYLE: fault injection through a wrapping DataSource): once armed, the
 * first statement whose SQL matches runs, then its thread waits until {@link #resume()}, so a test can
 * commit another transaction between that statement and the next one of the same caller.
 */
public final class PausingDataSource implements DataSource {
    private final DataSource real;
    private final Predicate<String> pauseAfter;
    private volatile CountDownLatch paused = new CountDownLatch(0);
    private volatile CountDownLatch resumed = new CountDownLatch(0);
    private volatile boolean armed;

    public PausingDataSource(DataSource real, Predicate<String> pauseAfter) {
        this.real = real;
        this.pauseAfter = pauseAfter;
    }

    public void arm() {
        paused = new CountDownLatch(1);
        resumed = new CountDownLatch(1);
        armed = true;
    }

    public boolean awaitPaused(long time, TimeUnit unit) throws InterruptedException {
        return paused.await(time, unit);
    }

    public void resume() {
        armed = false;
        resumed.countDown();
    }

    @Override
    public Connection getConnection() throws java.sql.SQLException {
        return connection(real.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws java.sql.SQLException {
        return connection(real.getConnection(username, password));
    }

    private Connection connection(Connection c) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            Object result = invoke(c, method, args);
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql && pauseAfter.test(sql)) {
                return statement((PreparedStatement) result);
            }
            return result;
        });
    }

    private PreparedStatement statement(PreparedStatement ps) {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    Object result = invoke(ps, method, args);
                    if (method.getName().startsWith("execute") && armed) {
                        armed = false;
                        paused.countDown();
                        resumed.await(30, TimeUnit.SECONDS);
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public java.io.PrintWriter getLogWriter() throws java.sql.SQLException {
        return real.getLogWriter();
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) throws java.sql.SQLException {
        real.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws java.sql.SQLException {
        real.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws java.sql.SQLException {
        return real.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
        return real.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
        return iface.isInstance(this) ? iface.cast(this) : real.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws java.sql.SQLException {
        return iface.isInstance(this) || real.isWrapperFor(iface);
    }
}
