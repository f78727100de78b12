package io.shardbridge.bridge.control;

import java.time.Duration;

/**
 * How long a contact with the control store lets this instance take transactions (DESIGN §4), the rule
 * the {@link InstanceAgent} renews each unit's contact deadline by.
 *
 * <p>Why it is safe: the others count an instance dead {@code deadAfter} after its last heartbeat, and
 * then a flip goes on without it. A contact that <em>started</em> at {@code t} (a heartbeat is written
 * after it starts, so never before {@code t}) lets transactions in only until {@code t + deadAfter / 2}:
 * by the time the others stop waiting for this instance, it has refused new transactions for half the
 * dead-after time, which is the margin for a transaction that entered just before its deadline to end
 * and for clocks to drift. The deadline is counted from the start of the contact, not its end, so a
 * slow round trip to the store shortens the permission instead of stretching it.
 *
 * <p>A tick that waits for a drain (up to the fence timeout) would let the deadline lapse; once it has run
 * for one {@code interval}, the agent proves contact by a separate touch of its heartbeat rows.
 */
record ContactRule(Duration interval, Duration deadAfter) {

    /** The deadline of a contact that started at {@code startedNanos}. */
    long contactUntil(long startedNanos) {
        return startedNanos + deadAfter.toNanos() / 2;
    }

    /** Whether the tick that started at {@code tickStartedNanos} (0: none is running) has run long enough to need a touch. */
    boolean tickRunsLong(long tickStartedNanos, long nowNanos) {
        return tickStartedNanos != 0 && nowNanos - tickStartedNanos >= interval.toNanos();
    }
}
