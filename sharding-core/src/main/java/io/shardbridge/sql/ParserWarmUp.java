package io.shardbridge.sql;

import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.config.Dialect;
import java.util.EnumSet;
import java.util.Set;

/**
 * For {@link ParsedStatements#warmUp}: parses a few statements on a background thread while the target opens. The first parse in a JVM
 * loads the ANTLR grammar and fills its prediction caches (about 0.4 s here); those are static and
 * shared, so the service's first statement — through the fast path or ShardingSphere — does not pay it.
 */
final class ParserWarmUp {
    private static final Set<Dialect> STARTED = EnumSet.noneOf(Dialect.class);
    private static final String[] STATEMENTS = {
        "SELECT a, b FROM t WHERE k = ? AND c > ? ORDER BY a LIMIT 10",
        "INSERT INTO t (k, a, b) VALUES (?, ?, ?)",
        "UPDATE t SET a = a + ? WHERE k = ?",
        "DELETE FROM t WHERE k = ?",
    };

    private ParserWarmUp() {
    }

    static synchronized void start(Dialect dialect) {
        if (!STARTED.add(dialect)) {
            return;
        }
        Thread warmUp = DaemonThreads.named("parser-warm-up").newThread(() -> {
            try {
                SqlParser parser = new SqlParser(dialect);
                for (String sql : STATEMENTS) {
                    parser.warmUp(sql);
                }
            } catch (RuntimeException ignored) {
                // only a warm-up: the real parse reports its own problems
            }
        });
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
    }
}
