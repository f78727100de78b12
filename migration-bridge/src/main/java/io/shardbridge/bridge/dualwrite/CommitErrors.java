package io.shardbridge.bridge.dualwrite;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps a commit's error what the database said. ShardingSphere's {@code ForceExecuteTemplate} (its
 * commit and rollback on every shard) throws an empty {@code SQLException} — no message, SQLState null —
 * with the shards' real errors chained behind it, so a client that retries on 40001 or a deadlock code
 * never would. The first error in the chain that carries a SQLState is the caller's error; the wrapper and
 * the other shards' errors stay attached as suppressed, so nothing is lost.
 */
public final class CommitErrors {
    private CommitErrors() {
    }

    /** {@code error} itself when it has a SQLState, otherwise the first chained or causing SQLException that has one. */
    public static SQLException withSqlState(SQLException error) {
        if (error.getSQLState() != null) {
            return error;
        }
        Deque<Throwable> queue = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        queue.add(error);
        SQLException found = null;
        while (!queue.isEmpty() && found == null) {
            Throwable t = queue.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException sql) {
                if (sql.getSQLState() != null) {
                    found = sql;
                    break;
                }
                if (sql.getNextException() != null) {
                    queue.add(sql.getNextException());
                }
            }
            if (t.getCause() != null) {
                queue.add(t.getCause());
            }
        }
        if (found == null) {
            return error;
        }
        if (found != error) {
            found.addSuppressed(error);
        }
        return found;
    }
}
