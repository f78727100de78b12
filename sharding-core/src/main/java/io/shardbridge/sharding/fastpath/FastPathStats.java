package io.shardbridge.sharding.fastpath;

import java.util.concurrent.atomic.LongAdder;

/** How many statement executions took the fast path, and how many statements went through ShardingSphere. */
public final class FastPathStats {
    private final LongAdder fast = new LongAdder();
    private final LongAdder routed = new LongAdder();

    void fast() {
        fast.increment();
    }

    void routed() {
        routed.increment();
    }

    /** Executions that ran on one physical table without ShardingSphere. */
    public long fastExecutions() {
        return fast.sum();
    }

    /**
     * Statements created through ShardingSphere, plus fast-path executions that fell back to it (a null or
     * unplaceable shard-key value, a batch spanning tables).
     */
    public long shardingSphereStatements() {
        return routed.sum();
    }
}
