package io.shardbridge.sharding.fastpath;

import io.shardbridge.jdbc.delegate.DelegatingResultSet;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;

/**
 * The {@code getGeneratedKeys()} answer of a fast-path INSERT whose key the fast path generated: one
 * row, one column named after the key column, holding the generated value — what ShardingSphere's own
 * generated-keys result set holds. Read-only and forward-only; a method outside reading that row is not
 * supported (there is no driver result set underneath).
 */
final class KeysResultSet extends DelegatingResultSet {
    private final String column;
    private final Object value;
    private final Statement statement;
    private boolean read; // next() was called
    private boolean onRow;
    private boolean closed;
    private Object last;

    private KeysResultSet(String column, Object value, Statement statement) {
        super(null);
        this.column = column;
        this.value = value;
        this.statement = statement;
    }

    static ResultSet of(String column, Object value, Statement statement) {
        return new KeysResultSet(column, value, statement);
    }

    @Override
    protected ResultSet delegate() throws SQLException {
        throw new SQLFeatureNotSupportedException("not supported on a generated-keys result set (one row, one column " + column + ")", "0A000");
    }

    @Override
    public boolean next() {
        onRow = !read;
        read = true;
        return onRow;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() {
        return last == null;
    }

    @Override
    public int findColumn(String label) throws SQLException {
        if (label.equalsIgnoreCase(column)) {
            return 1;
        }
        throw noColumn(label);
    }

    /** The value, after checking the cursor is on the row and {@code index} names the key column. */
    private Object value(int index) throws SQLException {
        if (!onRow || closed) {
            throw new SQLException("the generated-keys result set is not on a row", "24000");
        }
        if (index != 1) {
            throw noColumn(index);
        }
        last = value;
        return value;
    }

    private Object value(String label) throws SQLException {
        return value(findColumnOnRow(label));
    }

    private int findColumnOnRow(String label) throws SQLException {
        if (!onRow || closed) {
            throw new SQLException("the generated-keys result set is not on a row", "24000");
        }
        return findColumn(label);
    }

    private SQLException noColumn(Object asked) {
        return new SQLException("no column " + asked + " among the generated keys (" + column + ")", "42703");
    }

    private static long asLong(Object v) {
        return v instanceof Number n ? n.longValue() : 0L;
    }

    @Override
    public long getLong(int index) throws SQLException {
        return asLong(value(index));
    }

    @Override
    public long getLong(String label) throws SQLException {
        return asLong(value(label));
    }

    @Override
    public int getInt(int index) throws SQLException {
        return (int) asLong(value(index));
    }

    @Override
    public int getInt(String label) throws SQLException {
        return (int) asLong(value(label));
    }

    @Override
    public String getString(int index) throws SQLException {
        Object v = value(index);
        return v == null ? null : v.toString();
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumnOnRow(label));
    }

    @Override
    public BigDecimal getBigDecimal(int index) throws SQLException {
        Object v = value(index);
        return v == null ? null : new BigDecimal(v.toString());
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumnOnRow(label));
    }

    @Override
    public Object getObject(int index) throws SQLException {
        return value(index);
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return value(label);
    }

    @Override
    public <T> T getObject(int index, Class<T> type) throws SQLException {
        Object v = value(index);
        if (type == Long.class) {
            return type.cast(v == null ? null : asLong(v));
        }
        if (type == Integer.class) {
            return type.cast(v == null ? null : (int) asLong(v));
        }
        if (type == String.class) {
            return type.cast(v == null ? null : v.toString());
        }
        if (type == BigDecimal.class) {
            return type.cast(v == null ? null : new BigDecimal(v.toString()));
        }
        return type.cast(v);
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumnOnRow(label), type);
    }

    @Override
    public ResultSetMetaData getMetaData() {
        return new KeysMetaData(column, value);
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public int getType() {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() {
        return CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getFetchSize() {
        return 1;
    }

    @Override
    public int getFetchDirection() {
        return FETCH_FORWARD;
    }

    @Override
    public boolean isBeforeFirst() {
        return !read;
    }

    @Override
    public boolean isAfterLast() {
        return read && !onRow;
    }

    @Override
    public boolean isFirst() {
        return onRow;
    }

    @Override
    public boolean isLast() {
        return onRow;
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {
    }

    /** Answers as ShardingSphere's own generated-keys metadata does: one BIGINT column, nothing else known. */
    private record KeysMetaData(String column, Object value) implements ResultSetMetaData {
        private void check(int index) throws SQLException {
            if (index != 1) {
                throw new SQLException("column " + index + " is out of range: the generated keys have one column", "22023");
            }
        }

        @Override
        public int getColumnCount() {
            return 1;
        }

        @Override
        public String getColumnName(int index) throws SQLException {
            check(index);
            return column;
        }

        @Override
        public String getColumnLabel(int index) throws SQLException {
            check(index);
            return column;
        }

        @Override
        public int getColumnType(int index) throws SQLException {
            check(index);
            return Types.BIGINT;
        }

        @Override
        public String getColumnClassName(int index) throws SQLException {
            check(index);
            return value == null ? Long.class.getName() : value.getClass().getName();
        }

        @Override
        public String getColumnTypeName(int index) throws SQLException {
            check(index);
            return "";
        }

        @Override
        public String getSchemaName(int index) throws SQLException {
            check(index);
            return "";
        }

        @Override
        public String getTableName(int index) throws SQLException {
            check(index);
            return "";
        }

        @Override
        public String getCatalogName(int index) throws SQLException {
            check(index);
            return "";
        }

        @Override
        public int isNullable(int index) throws SQLException {
            check(index);
            return columnNoNulls;
        }

        @Override
        public int getColumnDisplaySize(int index) throws SQLException {
            check(index);
            return 0;
        }

        @Override
        public int getPrecision(int index) throws SQLException {
            check(index);
            return 0;
        }

        @Override
        public int getScale(int index) throws SQLException {
            check(index);
            return 0;
        }

        @Override
        public boolean isSigned(int index) throws SQLException {
            check(index);
            return true;
        }

        @Override
        public boolean isCaseSensitive(int index) throws SQLException {
            check(index);
            return true;
        }

        @Override
        public boolean isAutoIncrement(int index) throws SQLException {
            check(index);
            return true;
        }

        @Override
        public boolean isReadOnly(int index) throws SQLException {
            check(index);
            return true;
        }

        @Override
        public boolean isSearchable(int index) throws SQLException {
            check(index);
            return false;
        }

        @Override
        public boolean isCurrency(int index) throws SQLException {
            check(index);
            return false;
        }

        @Override
        public boolean isWritable(int index) throws SQLException {
            check(index);
            return false;
        }

        @Override
        public boolean isDefinitelyWritable(int index) throws SQLException {
            check(index);
            return false;
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper for " + iface.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}
