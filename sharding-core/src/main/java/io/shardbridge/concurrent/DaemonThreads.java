package io.shardbridge.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one factory for shardbridge's background threads: daemon threads (a library never keeps the
 * service's JVM alive), named {@code shardbridge-<role>-<n>} so a thread dump says which job each is.
 */
public final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    private DaemonThreads(String role) {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("a background thread needs a role for its name");
        }
        this.prefix = "shardbridge-" + role + "-";
    }

    /** A factory for threads named {@code shardbridge-<role>-1}, {@code -2}, … */
    public static ThreadFactory named(String role) {
        return new DaemonThreads(role);
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
