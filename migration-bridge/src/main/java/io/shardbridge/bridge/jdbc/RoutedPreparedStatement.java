package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.config.MigrationPhase.Side;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * A {@link PreparedStatement} on SQL that touches a migrating table. Parameter values are kept here
 * (until cleared, as JDBC requires) and replayed onto the physical statement of whichever side runs
 * each execution, so a phase change between two executions is invisible to the caller.
 */
final class RoutedPreparedStatement extends RoutedStatement implements PreparedStatement {
    private final StatementPlan plan;
    private final KeysRequest keys;
    private final RoutedParameters parameters = new RoutedParameters();
    private final List<StatementParameters> batch = new ArrayList<>();
    private PreparedStatement legacyStatement;
    private PreparedStatement targetStatement;

    RoutedPreparedStatement(BridgeConnection connection, StatementPlan plan, KeysRequest keys, int type, int concurrency, int holdability) {
        super(connection, type, concurrency, holdability < 0 ? ResultSet.HOLD_CURSORS_OVER_COMMIT : holdability);
        this.plan = plan;
        this.keys = keys;
    }

    private PreparedStatement physical(Route route) throws SQLException {
        if (route.side() == Side.LEGACY) {
            if (legacyStatement == null || legacyStatement.isClosed()) {
                legacyStatement = PhysicalStatements.prepare(route.physical(), plan.sql(), keys, resultSetType, resultSetConcurrency, -1);
            }
            return legacyStatement;
        }
        if (targetStatement == null || targetStatement.isClosed()) {
            targetStatement = PhysicalStatements.prepare(route.physical(), plan.sqlFor(Side.TARGET), keys, resultSetType, resultSetConcurrency, -1);
        }
        return targetStatement;
    }

    private Object runPrepared(Mode mode) throws SQLException {
        return run(plan, mode, keys, List.of(parameters), false, new PhysicalRunner() {
            @Override
            public Statement statementFor(Route route) throws SQLException {
                return physical(route);
            }

            @Override
            public Object run(Statement st, Route route) throws SQLException {
                PreparedStatement ps = (PreparedStatement) st;
                parameters.bindAll(ps);
                return switch (mode) {
                    case QUERY -> ps.executeQuery();
                    case UPDATE -> (long) ps.executeUpdate(); // ShardingSphere has no executeLargeUpdate
                    case EXECUTE -> ps.execute();
                };
            }
        });
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return (ResultSet) runPrepared(Mode.QUERY);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return toInt(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return (Long) runPrepared(Mode.UPDATE);
    }

    @Override
    public boolean execute() throws SQLException {
        return (Boolean) runPrepared(Mode.EXECUTE);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(parameters.copy());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<StatementParameters> sets = new ArrayList<>(batch);
        batch.clear();
        if (sets.isEmpty()) {
            return new long[0];
        }
        return (long[]) run(plan, Mode.UPDATE, keys, sets, true, new PhysicalRunner() {
            @Override
            public Statement statementFor(Route route) throws SQLException {
                return physical(route);
            }

            @Override
            public Object run(Statement st, Route route) throws SQLException {
                PreparedStatement ps = (PreparedStatement) st;
                for (StatementParameters set : sets) {
                    set.bindAll(ps);
                    ps.addBatch();
                }
                return toLongs(ps.executeBatch());
            }
        });
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        parameters.clear();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        try (PreparedStatement ps = connection.legacy().prepareStatement(plan.sql())) {
            return ps.getMetaData();
        }
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        try (PreparedStatement ps = connection.legacy().prepareStatement(plan.sql())) {
            return ps.getParameterMetaData();
        }
    }

    @Override
    void closePhysical() throws SQLException {
        if (legacyStatement != null) {
            legacyStatement.close();
        }
        if (targetStatement != null) {
            targetStatement.close();
        }
    }

    // JDBC: the SQL-taking methods of Statement cannot be called on a PreparedStatement

    private static SQLException sqlNotAllowed() {
        return new SQLException("this method cannot be called on a PreparedStatement; it runs the SQL it was prepared with", "42000");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw sqlNotAllowed();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw sqlNotAllowed();
    }

    // parameter setters: recorded, replayed onto the physical statement at execution

    @Override
    public void setArray(int a0, Array a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setArray(i, a1));
    }

    @Override
    public void setAsciiStream(int a0, InputStream a1, int a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setAsciiStream(i, a1, a2));
    }

    @Override
    public void setAsciiStream(int a0, InputStream a1, long a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setAsciiStream(i, a1, a2));
    }

    @Override
    public void setAsciiStream(int a0, InputStream a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setAsciiStream(i, a1));
    }

    @Override
    public void setBigDecimal(int a0, BigDecimal a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setBigDecimal(i, a1));
    }

    @Override
    public void setBinaryStream(int a0, InputStream a1, int a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setBinaryStream(i, a1, a2));
    }

    @Override
    public void setBinaryStream(int a0, InputStream a1, long a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setBinaryStream(i, a1, a2));
    }

    @Override
    public void setBinaryStream(int a0, InputStream a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setBinaryStream(i, a1));
    }

    @Override
    public void setBlob(int a0, InputStream a1, long a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setBlob(i, a1, a2));
    }

    @Override
    public void setBlob(int a0, InputStream a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setBlob(i, a1));
    }

    @Override
    public void setBlob(int a0, Blob a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setBlob(i, a1));
    }

    @Override
    public void setBoolean(int a0, boolean a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setBoolean(i, a1));
    }

    @Override
    public void setByte(int a0, byte a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setByte(i, a1));
    }

    @Override
    public void setBytes(int a0, byte[] a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setBytes(i, a1));
    }

    @Override
    public void setCharacterStream(int a0, Reader a1, int a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setCharacterStream(i, a1, a2));
    }

    @Override
    public void setCharacterStream(int a0, Reader a1, long a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setCharacterStream(i, a1, a2));
    }

    @Override
    public void setCharacterStream(int a0, Reader a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setCharacterStream(i, a1));
    }

    @Override
    public void setClob(int a0, Reader a1, long a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setClob(i, a1, a2));
    }

    @Override
    public void setClob(int a0, Reader a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setClob(i, a1));
    }

    @Override
    public void setClob(int a0, Clob a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setClob(i, a1));
    }

    @Override
    public void setDate(int a0, Date a1, Calendar a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setDate(i, a1, a2));
    }

    @Override
    public void setDate(int a0, Date a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setDate(i, a1));
    }

    @Override
    public void setDouble(int a0, double a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setDouble(i, a1));
    }

    @Override
    public void setFloat(int a0, float a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setFloat(i, a1));
    }

    @Override
    public void setInt(int a0, int a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setInt(i, a1));
    }

    @Override
    public void setLong(int a0, long a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setLong(i, a1));
    }

    @Override
    public void setNCharacterStream(int a0, Reader a1, long a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setNCharacterStream(i, a1, a2));
    }

    @Override
    public void setNCharacterStream(int a0, Reader a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setNCharacterStream(i, a1));
    }

    @Override
    public void setNClob(int a0, Reader a1, long a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setNClob(i, a1, a2));
    }

    @Override
    public void setNClob(int a0, Reader a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setNClob(i, a1));
    }

    @Override
    public void setNClob(int a0, NClob a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setNClob(i, a1));
    }

    @Override
    public void setNString(int a0, String a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setNString(i, a1));
    }

    @Override
    public void setNull(int a0, int a1, String a2) throws SQLException {
        parameters.set(a0, null, (ps, i) -> ps.setNull(i, a1, a2));
    }

    @Override
    public void setNull(int a0, int a1) throws SQLException {
        parameters.set(a0, null, (ps, i) -> ps.setNull(i, a1));
    }

    @Override
    public void setObject(int a0, Object a1, int a2, int a3) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setObject(i, a1, a2, a3));
    }

    @Override
    public void setObject(int a0, Object a1, int a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setObject(i, a1, a2));
    }

    @Override
    public void setObject(int a0, Object a1, SQLType a2, int a3) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setObject(i, a1, a2, a3));
    }

    @Override
    public void setObject(int a0, Object a1, SQLType a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setObject(i, a1, a2));
    }

    @Override
    public void setObject(int a0, Object a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setObject(i, a1));
    }

    @Override
    public void setRef(int a0, Ref a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setRef(i, a1));
    }

    @Override
    public void setRowId(int a0, RowId a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setRowId(i, a1));
    }

    @Override
    public void setSQLXML(int a0, SQLXML a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setSQLXML(i, a1));
    }

    @Override
    public void setShort(int a0, short a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setShort(i, a1));
    }

    @Override
    public void setString(int a0, String a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setString(i, a1));
    }

    @Override
    public void setTime(int a0, Time a1, Calendar a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setTime(i, a1, a2));
    }

    @Override
    public void setTime(int a0, Time a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setTime(i, a1));
    }

    @Override
    public void setTimestamp(int a0, Timestamp a1, Calendar a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setTimestamp(i, a1, a2));
    }

    @Override
    public void setTimestamp(int a0, Timestamp a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setTimestamp(i, a1));
    }

    @Override
    public void setURL(int a0, URL a1) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setURL(i, a1));
    }

    @Override
    public void setUnicodeStream(int a0, InputStream a1, int a2) throws SQLException {
        parameters.set(a0, a1, (ps, i) -> ps.setUnicodeStream(i, a1, a2));
    }
}
