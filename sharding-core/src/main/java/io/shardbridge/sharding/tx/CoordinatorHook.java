package io.shardbridge.sharding.tx;

/**
 * Points in a two-phase commit where a test can stop the coordinator as a crash would: an exception thrown
 * here leaves the branches as they are (prepared, decided or not) for a recovery to resolve.
 */
public interface CoordinatorHook {
    CoordinatorHook NONE = new CoordinatorHook() {
    };

    /** Every writing shard but the anchor is prepared; the decision is not yet committed. */
    default void afterPrepare(String txId) {
    }

    /** The anchor committed (the decision is durable); no prepared branch is committed yet. */
    default void afterDecision(String txId) {
    }
}
