package io.shardbridge.bridge.catchup;

import io.shardbridge.config.DatabaseEndpoint;
import io.shardbridge.schema.TableDefinition;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unit's slot read as a {@code pgoutput} stream on a replication connection to legacy: each round
 * decodes the messages that arrive for a moment into committed transactions, hands them to be applied,
 * then confirms the position.
 *
 * <p><b>Why nothing is skipped.</b> The server resends, after a reconnect, everything past the slot's
 * confirmed position. A position is confirmed only once every transaction ending at or below it was
 * applied (and reported) by the caller — the end of the last applied transaction, or, when the round
 * went idle with no transaction half-read, the position of the last message received (a keepalive's:
 * everything the server sent before it has been applied). A failure anywhere before the confirmation
 * leaves the position where it was, and the transactions are sent again; applying one twice is harmless
 * (see {@link CatchUpApplier}).
 */
final class SlotStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlotStream.class);

    /** Applies a round's committed transactions, in commit order; it returns only once they are on the target. */
    @FunctionalInterface
    interface Apply {
        void apply(List<WalTransaction.Committed> committed) throws SQLException;
    }

    private final Connection replication;
    private final PGReplicationStream stream;
    private final Supplier<Map<String, TableDefinition>> unitTables;
    private final StreamCadence cadence;
    private final Map<Integer, PgOutput.Relation> relations = new HashMap<>();
    private WalTransaction open;

    private SlotStream(Connection replication, PGReplicationStream stream, Supplier<Map<String, TableDefinition>> unitTables,
                       StreamCadence cadence) {
        this.replication = replication;
        this.stream = stream;
        this.unitTables = unitTables;
        this.cadence = cadence;
    }

    /** Opens a replication connection to legacy and starts streaming the slot from its confirmed position. */
    static SlotStream open(DatabaseEndpoint legacy, SlotNames names, Supplier<Map<String, TableDefinition>> unitTables, StreamCadence cadence)
            throws SQLException {
        Properties props = new Properties();
        PGProperty.USER.set(props, legacy.username());
        PGProperty.PASSWORD.set(props, legacy.password());
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        Connection replication = DriverManager.getConnection(legacy.url(), props);
        try {
            PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI().replicationStream().logical()
                    .withSlotName(names.slot())
                    .withSlotOption("proto_version", 1)
                    .withSlotOption("publication_names", names.publication())
                    .withSlotOption("messages", true)
                    .withStatusInterval(1, TimeUnit.SECONDS)
                    .start();
            return new SlotStream(replication, stream, unitTables, cadence);
        } catch (SQLException | RuntimeException e) {
            try {
                replication.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Reads what the stream has for a moment, then applies and confirms the transactions that committed in it. */
    void round(Apply apply) throws SQLException {
        List<WalTransaction.Committed> committed = new ArrayList<>();
        long end = cadence.readRoundEnd();
        boolean idle = false;
        while (cadence.before(end)) {
            ByteBuffer payload = stream.readPending();
            if (payload == null) {
                idle = true;
                break;
            }
            PgOutput.Message message = PgOutput.decode(payload);
            if (message instanceof PgOutput.Relation relation) {
                relations.put(relation.id(), relation);
            } else if (message instanceof PgOutput.Begin begin) {
                open = new WalTransaction(unitTables.get(), Integer.toUnsignedLong(begin.xid()));
            } else if (message instanceof PgOutput.Commit commit) {
                if (open != null) {
                    committed.add(open.commit(commit));
                }
                open = null;
            } else if (open != null) {
                open.add(message, relations);
            }
        }
        long confirm = 0;
        if (!committed.isEmpty()) {
            apply.apply(committed);
            confirm = committed.get(committed.size() - 1).endLsn();
        }
        if (idle && open == null) {
            // everything the server sent has been applied: a keepalive's position may be confirmed too
            confirm = Math.max(confirm, stream.getLastReceiveLSN().asLong());
        }
        if (confirm > 0) {
            LogSequenceNumber lsn = LogSequenceNumber.valueOf(confirm);
            stream.setFlushedLSN(lsn);
            stream.setAppliedLSN(lsn);
        }
        if (idle && cadence.statusDue()) {
            stream.forceUpdateStatus(); // asks the server for a keepalive, so an idle stream's position keeps up with legacy's WAL
        }
    }

    @Override
    public void close() {
        try {
            if (!stream.isClosed()) {
                stream.close();
            }
        } catch (SQLException e) {
            LOG.debug("closing the replication stream: {}", e.toString());
        }
        try {
            replication.close();
        } catch (SQLException e) {
            LOG.debug("closing the replication connection: {}", e.toString());
        }
    }

    /** Cuts the connection as a crashed process would: nothing more is confirmed (tests). */
    void crash() {
        try {
            replication.unwrap(org.postgresql.core.BaseConnection.class).getQueryExecutor().close();
        } catch (SQLException e) {
            LOG.debug("crashing the replication connection: {}", e.toString());
        }
    }
}
