package io.shardbridge.bridge.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyDual;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.ByteStreamWriter;

/**
 * What {@code unwrap(PGConnection.class)} returns on a migration-layer connection: legacy's pgjdbc
 * connection, except that its copy API checks each {@code COPY … FROM} before it runs. A COPY into a
 * migrating table (or a view over one) bypasses statement capture, so past LEGACY_ONLY it is refused
 * naming the table; every other COPY, and everything else, is pgjdbc's own.
 */
final class GuardedPgConnection extends DelegatingPgConnection {
    private final BridgeConnection connection;
    private final BaseConnection base;

    GuardedPgConnection(BridgeConnection connection, PGConnection delegate, BaseConnection base) {
        super(delegate);
        this.connection = connection;
        this.base = base;
    }

    @Override
    public CopyManager getCopyAPI() throws SQLException {
        return new GuardedCopyManager();
    }

    private final class GuardedCopyManager extends CopyManager {
        GuardedCopyManager() throws SQLException {
            super(base);
        }

        private void check(String sql) throws SQLException {
            connection.refuseUnseenCopy(sql);
        }

        @Override
        public CopyIn copyIn(String sql) throws SQLException {
            check(sql);
            return super.copyIn(sql);
        }

        @Override
        public CopyDual copyDual(String sql) throws SQLException {
            check(sql);
            return super.copyDual(sql);
        }

        @Override
        public long copyIn(String sql, Reader from) throws SQLException, IOException {
            check(sql);
            return super.copyIn(sql, from);
        }

        @Override
        public long copyIn(String sql, Reader from, int bufferSize) throws SQLException, IOException {
            check(sql);
            return super.copyIn(sql, from, bufferSize);
        }

        @Override
        public long copyIn(String sql, InputStream from) throws SQLException, IOException {
            check(sql);
            return super.copyIn(sql, from);
        }

        @Override
        public long copyIn(String sql, InputStream from, int bufferSize) throws SQLException, IOException {
            check(sql);
            return super.copyIn(sql, from, bufferSize);
        }

        @Override
        public long copyIn(String sql, ByteStreamWriter from) throws SQLException, IOException {
            check(sql);
            return super.copyIn(sql, from);
        }
    }
}
