package io.shardbridge.bridge.capture;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;

/**
 * An in-memory copy of a result set that answers the caller as the driver's own result set would. A
 * {@code CachedRowSet} keeps each value's {@code getObject}, and its {@code getString} prints that object:
 * a {@code timetz} would come back as a {@code java.sql.Time} without its microseconds and offset, an
 * infinite or BC timestamp as a year-292278994 date, and a {@code money} above 999.99 could not be copied
 * at all (the PostgreSQL driver's {@code getObject} reads it as a double and fails on the group separator).
 * So temporal values are kept as their JDBC objects with the server's text as their {@code toString()},
 * and a value the driver cannot produce as an object is kept as its text.
 */
final class ResultCopy {
    private ResultCopy() {
    }

    static CachedRowSet of(ResultSet source) throws SQLException {
        ResultSetMetaData in = source.getMetaData();
        int n = in.getColumnCount();
        RowSetMetaDataImpl meta = new RowSetMetaDataImpl();
        meta.setColumnCount(n);
        for (int c = 1; c <= n; c++) {
            meta.setColumnName(c, in.getColumnName(c));
            meta.setColumnLabel(c, in.getColumnLabel(c));
            meta.setColumnType(c, in.getColumnType(c));
            meta.setColumnTypeName(c, in.getColumnTypeName(c));
            meta.setNullable(c, in.isNullable(c));
            meta.setPrecision(c, Math.max(0, in.getPrecision(c)));
            meta.setScale(c, Math.max(0, in.getScale(c)));
            meta.setSigned(c, in.isSigned(c));
            meta.setCurrency(c, in.isCurrency(c));
            meta.setCaseSensitive(c, in.isCaseSensitive(c));
            meta.setColumnDisplaySize(c, Math.max(0, in.getColumnDisplaySize(c)));
            meta.setAutoIncrement(c, in.isAutoIncrement(c));
            meta.setSearchable(c, in.isSearchable(c));
            meta.setTableName(c, nonNull(in.getTableName(c)));
            meta.setSchemaName(c, nonNull(in.getSchemaName(c)));
            meta.setCatalogName(c, nonNull(in.getCatalogName(c)));
        }
        CachedRowSet out = RowSetProvider.newFactory().createCachedRowSet();
        out.setMetaData(meta);
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        while (source.next()) {
            Object[] row = new Object[n];
            for (int c = 1; c <= n; c++) {
                row[c - 1] = value(source, c, in.getColumnType(c));
            }
            rows.add(row);
        }
        // CachedRowSet inserts each row before the current one, so insert in reverse to keep the order
        for (int r = rows.size() - 1; r >= 0; r--) {
            out.moveToInsertRow();
            for (int c = 1; c <= n; c++) {
                out.updateObject(c, rows.get(r)[c - 1]);
            }
            out.insertRow();
            out.moveToCurrentRow();
        }
        out.beforeFirst();
        return out;
    }

    private static Object value(ResultSet source, int c, int type) throws SQLException {
        Object value;
        try {
            value = source.getObject(c);
        } catch (SQLException e) {
            return source.getString(c); // money's text, which the driver cannot read as a number
        }
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.SQLXML xml) {
            return xml.getString(); // a CachedRowSet cannot hand out an SQLXML, and would print its identity
        }
        return switch (type) {
            case Types.TIME, Types.TIME_WITH_TIMEZONE, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> temporal(value, source.getString(c));
            default -> value;
        };
    }

    private static Object temporal(Object value, String text) {
        if (value instanceof java.sql.Timestamp t) {
            return new TextTimestamp(t, text);
        }
        if (value instanceof java.sql.Time t) {
            return new TextTime(t, text);
        }
        if (value instanceof java.sql.Date d) {
            return new TextDate(d, text);
        }
        return value;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** A timestamp whose text is the server's ({@code infinity}, BC, the offset as printed). */
    static final class TextTimestamp extends java.sql.Timestamp {
        private final String text;

        TextTimestamp(java.sql.Timestamp t, String text) {
            super(t.getTime());
            setNanos(t.getNanos());
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A time whose text is the server's (a timetz's microseconds and offset). */
    static final class TextTime extends java.sql.Time {
        private final String text;

        TextTime(java.sql.Time t, String text) {
            super(t.getTime());
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A date whose text is the server's ({@code infinity}, BC). */
    static final class TextDate extends java.sql.Date {
        private final String text;

        TextDate(java.sql.Date d, String text) {
            super(d.getTime());
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
