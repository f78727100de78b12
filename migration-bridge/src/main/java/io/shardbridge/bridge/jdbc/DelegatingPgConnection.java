package io.shardbridge.bridge.jdbc;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;
import org.postgresql.fastpath.Fastpath;
import org.postgresql.jdbc.AutoSave;
import org.postgresql.jdbc.PreferQueryMode;
import org.postgresql.largeobject.LargeObjectManager;
import org.postgresql.replication.PGReplicationConnection;
import org.postgresql.util.PGobject;

/** pgjdbc's {@link PGConnection} extension, delegated method by method; behaviour lives in subclasses. */
@SuppressWarnings("deprecation")
class DelegatingPgConnection implements PGConnection {
    final PGConnection delegate;

    DelegatingPgConnection(PGConnection delegate) {
        this.delegate = delegate;
    }

    @Override
    public Array createArrayOf(String typeName, Object elements) throws SQLException {
        return delegate.createArrayOf(typeName, elements);
    }

    @Override
    public PGNotification[] getNotifications() throws SQLException {
        return delegate.getNotifications();
    }

    @Override
    public PGNotification[] getNotifications(int timeoutMillis) throws SQLException {
        return delegate.getNotifications(timeoutMillis);
    }

    @Override
    public CopyManager getCopyAPI() throws SQLException {
        return delegate.getCopyAPI();
    }

    @Override
    public LargeObjectManager getLargeObjectAPI() throws SQLException {
        return delegate.getLargeObjectAPI();
    }

    @Override
    public Fastpath getFastpathAPI() throws SQLException {
        return delegate.getFastpathAPI();
    }

    @Override
    public void addDataType(String type, String className) {
        delegate.addDataType(type, className);
    }

    @Override
    public void addDataType(String type, Class<? extends PGobject> klass) throws SQLException {
        delegate.addDataType(type, klass);
    }

    @Override
    public void setPrepareThreshold(int threshold) {
        delegate.setPrepareThreshold(threshold);
    }

    @Override
    public int getPrepareThreshold() {
        return delegate.getPrepareThreshold();
    }

    @Override
    public void setDefaultFetchSize(int fetchSize) throws SQLException {
        delegate.setDefaultFetchSize(fetchSize);
    }

    @Override
    public int getDefaultFetchSize() {
        return delegate.getDefaultFetchSize();
    }

    @Override
    public int getBackendPID() {
        return delegate.getBackendPID();
    }

    @Override
    public void cancelQuery() throws SQLException {
        delegate.cancelQuery();
    }

    @Override
    public String escapeIdentifier(String identifier) throws SQLException {
        return delegate.escapeIdentifier(identifier);
    }

    @Override
    public String escapeLiteral(String literal) throws SQLException {
        return delegate.escapeLiteral(literal);
    }

    @Override
    public PreferQueryMode getPreferQueryMode() {
        return delegate.getPreferQueryMode();
    }

    @Override
    public AutoSave getAutosave() {
        return delegate.getAutosave();
    }

    @Override
    public void setAutosave(AutoSave autoSave) {
        delegate.setAutosave(autoSave);
    }

    @Override
    public PGReplicationConnection getReplicationAPI() {
        return delegate.getReplicationAPI();
    }

    @Override
    public void alterUserPassword(String user, char[] newPassword, String encryptionType) throws SQLException {
        delegate.alterUserPassword(user, newPassword, encryptionType);
    }

    @Override
    public Map<String, String> getParameterStatuses() {
        return delegate.getParameterStatuses();
    }

    @Override
    public String getParameterStatus(String parameterName) {
        return delegate.getParameterStatus(parameterName);
    }

    @Override
    public void setAdaptiveFetch(boolean adaptiveFetch) {
        delegate.setAdaptiveFetch(adaptiveFetch);
    }

    @Override
    public boolean getAdaptiveFetch() {
        return delegate.getAdaptiveFetch();
    }
}
