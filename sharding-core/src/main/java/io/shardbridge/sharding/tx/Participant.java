package io.shardbridge.sharding.tx;

import java.sql.Connection;

/**
 * One shard's physical connection under a routing connection, and what it did in the current transaction:
 * joined (ran work), wrote, started as an XA branch. ShardingSphere keeps one physical connection per shard
 * for the routing connection's whole life, so a participant outlives transactions; {@link #reset()} ends one.
 */
final class Participant {
    final String shard;
    final String database;
    final Connection physical;
    boolean joined;
    boolean wrote;
    boolean xaStarted;
    boolean prepared;
    String firstWrite; // the table of the first write, for messages

    Participant(String shard, String database, Connection physical) {
        this.shard = shard;
        this.database = database;
        this.physical = physical;
    }

    void reset() {
        joined = false;
        wrote = false;
        xaStarted = false;
        prepared = false;
        firstWrite = null;
    }

    @Override
    public String toString() {
        return "shard " + shard + " (" + database + ")";
    }
}
