package io.shardbridge.bridge.capture;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;

/**
 * Rows kept in memory and handed to the caller as an ordinary {@link ResultSet}: the generated keys
 * and RETURNING rows that key capture had to read before the caller could.
 */
public final class ResultRows {
    private final List<String> labels;
    private final int[] types;
    private final String[] typeNames;
    private final List<Object[]> rows = new ArrayList<>();

    private ResultRows(List<String> labels, int[] types, String[] typeNames) {
        this.labels = labels;
        this.types = types;
        this.typeNames = typeNames;
    }

    /** Collects the named columns of {@code source}'s rows (every column when {@code columns} is null). */
    static ResultRows columnsOf(ResultSetMetaData meta, List<String> columns) throws SQLException {
        List<String> labels = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            String label = meta.getColumnLabel(c);
            if (columns == null || columns.contains(label.toLowerCase(java.util.Locale.ROOT)) && !labels.contains(label)) {
                labels.add(label);
                positions.add(c);
            }
        }
        int[] types = new int[labels.size()];
        String[] typeNames = new String[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            types[i] = meta.getColumnType(positions.get(i));
            typeNames[i] = meta.getColumnTypeName(positions.get(i));
        }
        ResultRows rows = new ResultRows(labels, types, typeNames);
        rows.positions = positions.stream().mapToInt(Integer::intValue).toArray();
        return rows;
    }

    private int[] positions;

    void addCurrentRow(ResultSet source) throws SQLException {
        Object[] row = new Object[positions.length];
        for (int i = 0; i < positions.length; i++) {
            row[i] = source.getObject(positions[i]);
        }
        rows.add(row);
    }

    /** A fresh result set over the rows, positioned before the first. */
    ResultSet toResultSet() throws SQLException {
        CachedRowSet out = RowSetProvider.newFactory().createCachedRowSet();
        RowSetMetaDataImpl meta = new RowSetMetaDataImpl();
        if (!labels.isEmpty()) { // a fresh metadata counts 0 columns; setColumnCount refuses 0 ("Invalid column count")
            meta.setColumnCount(labels.size());
        }
        for (int i = 0; i < labels.size(); i++) {
            meta.setColumnName(i + 1, labels.get(i));
            meta.setColumnLabel(i + 1, labels.get(i));
            meta.setColumnType(i + 1, types[i]);
            meta.setColumnTypeName(i + 1, typeNames[i]);
            meta.setNullable(i + 1, ResultSetMetaData.columnNullableUnknown);
        }
        out.setMetaData(meta);
        // CachedRowSet inserts each row before the current one, so insert in reverse to keep the order
        for (int r = rows.size() - 1; r >= 0; r--) {
            out.moveToInsertRow();
            for (int i = 0; i < labels.size(); i++) {
                out.updateObject(i + 1, rows.get(r)[i]);
            }
            out.insertRow();
            out.moveToCurrentRow();
        }
        out.beforeFirst();
        return out;
    }

    /** The whole of {@code source} as an in-memory result set (for a caller's own RETURNING rows). */
    public static CachedRowSet copyOf(ResultSet source) throws SQLException {
        return ResultCopy.of(source);
    }

    /** A result set with no rows and no columns (generated keys of a statement that generated none). */
    public static ResultSet emptyResultSet() throws SQLException {
        ResultRows rows = new ResultRows(List.of(), new int[0], new String[0]);
        rows.positions = new int[0];
        return rows.toResultSet();
    }
}
