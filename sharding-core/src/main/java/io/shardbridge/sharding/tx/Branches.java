package io.shardbridge.sharding.tx;

import io.shardbridge.config.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How one engine runs the branch of a cross-shard transaction: PostgreSQL prepares a local transaction at the
 * end ({@code PREPARE TRANSACTION}), MariaDB/MySQL must begin the branch as XA ({@code XA START}) before its
 * first statement. A branch's name is the transaction's id plus the branch's database, because PostgreSQL gids
 * and MariaDB xids are unique per server and several shards can live on one server.
 */
interface Branches {
    /** Whether a branch must be started as such before its first statement (XA). */
    boolean startsAtJoin();

    void start(Connection c, String txId, String branchDb) throws SQLException;

    /** Ends the branch's work and prepares it; throws the shard's error if it cannot (nothing is prepared then). */
    void prepare(Participant p, String txId) throws SQLException;

    /** Commits a participant in one phase (a plain COMMIT, or XA END + XA COMMIT ONE PHASE for a started branch). */
    void commitOnePhase(Participant p, String txId) throws SQLException;

    /** Rolls a participant back whatever state it is in: active, XA-started, prepared. */
    void rollback(Participant p, String txId) throws SQLException;

    void commitPrepared(Connection c, String txId, String branchDb) throws SQLException;

    /**
     * Lets another session resolve a prepared branch this participant's session still holds: XA branches stay
     * attached to their session until it ends, so it is ended (the pool discards it); PostgreSQL's are not attached.
     */
    void detach(Participant p);

    void rollbackPrepared(Connection c, String txId, String branchDb) throws SQLException;

    /** The prepared branches on this connection's server that belong to its database: (transaction id, branch database). */
    List<InDoubt> inDoubt(Connection c, String database) throws SQLException;

    /** Null when this shard can prepare transactions, else why not and what to change. */
    String cannotPrepare(Connection c) throws SQLException;

    /** Whether {@code e} says the named prepared branch does not exist (already resolved by someone else). */
    boolean isUnknownBranch(SQLException e);

    /** A prepared branch found on a shard. */
    record InDoubt(String txId, String branchDb) {
    }

    static Branches of(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? new PostgresBranches() : new XaBranches();
    }
}
