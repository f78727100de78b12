package io.shardbridge.pool;

import io.shardbridge.config.Dialect;

/**
 * The row-lock wait bound every shard connection starts with ({@code target.lock-timeout-ms}).
 *
 * <p>Why: a transaction that spans shards can wait in a lock cycle no single shard sees. Transfer A holds a
 * row on shard 0 and waits for one on shard 1; transfer B holds that row on shard 1 and waits for A's row on
 * shard 0. Each server's deadlock detector sees one waiter and one idle holder, never the cycle, so without a
 * bound both wait forever holding pool connections. With the bound, the first waiter to reach it fails —
 * PostgreSQL {@code 55P03 lock_not_available}, MariaDB/MySQL error 1205 "Lock wait timeout exceeded; try
 * restarting transaction" — the client rolls back and retries, and the other transfer proceeds. A cycle inside
 * one shard is still found sooner by that server's own detector (40P01 / 1213-40001).
 */
public final class LockTimeouts {
    private LockTimeouts() {
    }

    /** The statement that sets the bound on a new connection, or null when {@code millis} is 0 (the server's own setting). */
    public static String initSql(Dialect dialect, int millis) {
        if (millis <= 0) {
            return null;
        }
        return switch (dialect) {
            case POSTGRESQL -> "SET lock_timeout = " + millis;
            // InnoDB counts whole seconds; a bound below one second is one second
            case MYSQL -> "SET SESSION innodb_lock_wait_timeout = " + Math.max(1, (millis + 999) / 1000);
        };
    }
}
