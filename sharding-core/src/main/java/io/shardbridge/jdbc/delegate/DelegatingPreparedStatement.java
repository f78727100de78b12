package io.shardbridge.jdbc.delegate;

import java.sql.*;

/**
 * Plain delegation of every {@link PreparedStatement} method; subclasses override only what carries behaviour.
 * The {@link Statement} methods are {@link DelegatingStatement}'s, with the same delegate (this class's
 * field hides the superclass's with the narrower type).
 *
 * <p>Besides {@link #execution} and {@link #delegate()}, every parameter setter passes through
 * {@link #bind}: the position, the value (null for {@code setNull}) and the call that sets it on a
 * statement, so one override records, checks or replays every setter alike.
 */
@SuppressWarnings("deprecation")
public abstract class DelegatingPreparedStatement extends DelegatingStatement implements PreparedStatement {
    /** The wrapped PreparedStatement; every method not overridden calls it, unchanged. */
    protected final PreparedStatement delegate;

    protected DelegatingPreparedStatement(PreparedStatement delegate) {
        super(delegate);
        this.delegate = delegate;
    }

    /** What every method calls: the field, unless a subclass picks the delegate per call. */
    @Override
    protected PreparedStatement delegate() throws SQLException {
        return delegate;
    }

    /** Every parameter setter passes here; plain delegation sets the value on the delegate. */
    protected void bind(int position, Object value, ParameterBindings.Setter setter) throws SQLException {
        setter.apply(delegate(), position);
    }

    @Override
    public void addBatch() throws SQLException {
        delegate().addBatch();
    }

    @Override
    public void clearParameters() throws SQLException {
        delegate().clearParameters();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return execution(null, false, () -> delegate().executeLargeUpdate());
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return execution(null, false, () -> delegate().executeQuery());
    }

    @Override
    public int executeUpdate() throws SQLException {
        return execution(null, false, () -> delegate().executeUpdate());
    }

    @Override
    public boolean execute() throws SQLException {
        return execution(null, false, () -> delegate().execute());
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return delegate().getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return delegate().getParameterMetaData();
    }

    @Override
    public void setArray(int a0, Array a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setArray(i, a1));
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setAsciiStream(i, a1, a2));
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setAsciiStream(i, a1, a2));
    }

    @Override
    public void setAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setAsciiStream(i, a1));
    }

    @Override
    public void setBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setBigDecimal(i, a1));
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setBinaryStream(i, a1, a2));
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setBinaryStream(i, a1, a2));
    }

    @Override
    public void setBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setBinaryStream(i, a1));
    }

    @Override
    public void setBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setBlob(i, a1, a2));
    }

    @Override
    public void setBlob(int a0, java.io.InputStream a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setBlob(i, a1));
    }

    @Override
    public void setBlob(int a0, Blob a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setBlob(i, a1));
    }

    @Override
    public void setBoolean(int a0, boolean a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setBoolean(i, a1));
    }

    @Override
    public void setByte(int a0, byte a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setByte(i, a1));
    }

    @Override
    public void setBytes(int a0, byte[] a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setBytes(i, a1));
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setCharacterStream(i, a1, a2));
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setCharacterStream(i, a1, a2));
    }

    @Override
    public void setCharacterStream(int a0, java.io.Reader a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setCharacterStream(i, a1));
    }

    @Override
    public void setClob(int a0, java.io.Reader a1, long a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setClob(i, a1, a2));
    }

    @Override
    public void setClob(int a0, java.io.Reader a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setClob(i, a1));
    }

    @Override
    public void setClob(int a0, Clob a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setClob(i, a1));
    }

    @Override
    public void setDate(int a0, Date a1, java.util.Calendar a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setDate(i, a1, a2));
    }

    @Override
    public void setDate(int a0, Date a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setDate(i, a1));
    }

    @Override
    public void setDouble(int a0, double a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setDouble(i, a1));
    }

    @Override
    public void setFloat(int a0, float a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setFloat(i, a1));
    }

    @Override
    public void setInt(int a0, int a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setInt(i, a1));
    }

    @Override
    public void setLong(int a0, long a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setLong(i, a1));
    }

    @Override
    public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setNCharacterStream(i, a1, a2));
    }

    @Override
    public void setNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setNCharacterStream(i, a1));
    }

    @Override
    public void setNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setNClob(i, a1, a2));
    }

    @Override
    public void setNClob(int a0, java.io.Reader a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setNClob(i, a1));
    }

    @Override
    public void setNClob(int a0, NClob a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setNClob(i, a1));
    }

    @Override
    public void setNString(int a0, String a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setNString(i, a1));
    }

    @Override
    public void setNull(int a0, int a1, String a2) throws SQLException {
        bind(a0, null, (ps, i) -> ps.setNull(i, a1, a2));
    }

    @Override
    public void setNull(int a0, int a1) throws SQLException {
        bind(a0, null, (ps, i) -> ps.setNull(i, a1));
    }

    @Override
    public void setObject(int a0, Object a1, int a2, int a3) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setObject(i, a1, a2, a3));
    }

    @Override
    public void setObject(int a0, Object a1, int a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setObject(i, a1, a2));
    }

    @Override
    public void setObject(int a0, Object a1, SQLType a2, int a3) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setObject(i, a1, a2, a3));
    }

    @Override
    public void setObject(int a0, Object a1, SQLType a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setObject(i, a1, a2));
    }

    @Override
    public void setObject(int a0, Object a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setObject(i, a1));
    }

    @Override
    public void setRef(int a0, Ref a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setRef(i, a1));
    }

    @Override
    public void setRowId(int a0, RowId a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setRowId(i, a1));
    }

    @Override
    public void setSQLXML(int a0, SQLXML a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setSQLXML(i, a1));
    }

    @Override
    public void setShort(int a0, short a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setShort(i, a1));
    }

    @Override
    public void setString(int a0, String a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setString(i, a1));
    }

    @Override
    public void setTime(int a0, Time a1, java.util.Calendar a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setTime(i, a1, a2));
    }

    @Override
    public void setTime(int a0, Time a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setTime(i, a1));
    }

    @Override
    public void setTimestamp(int a0, Timestamp a1, java.util.Calendar a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setTimestamp(i, a1, a2));
    }

    @Override
    public void setTimestamp(int a0, Timestamp a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setTimestamp(i, a1));
    }

    @Override
    public void setURL(int a0, java.net.URL a1) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setURL(i, a1));
    }

    @Override
    public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
        bind(a0, a1, (ps, i) -> ps.setUnicodeStream(i, a1, a2));
    }
}
