package io.shardbridge.bridge.dualwrite;

import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.sharding.shardingsphere.PhysicalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * What the authoritative side will really do with a {@code commit()}: pgjdbc sends COMMIT for a
 * transaction PostgreSQL has already aborted and returns normally although the server rolled back;
 * ShardingSphere's LOCAL commit rolls back a transaction that saw a failed statement, also silently.
 * The connection's own transaction state ({@code BridgeTransaction}) normally knows this first; this
 * asks the drivers themselves, right before the authoritative commit, so the mirror can never commit
 * work that the authoritative side is about to throw away.
 */
final class AuthoritativeOutcome {
    private AuthoritativeOutcome() {
    }

    /** True when committing {@code authoritative} now would roll its transaction back instead. */
    static boolean rollsBack(Side side, Connection authoritative) throws SQLException {
        if (side == Side.TARGET) {
            return PhysicalConnections.statementFailed(authoritative);
        }
        return authoritative.isWrapperFor(BaseConnection.class)
                && authoritative.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED;
    }
}
