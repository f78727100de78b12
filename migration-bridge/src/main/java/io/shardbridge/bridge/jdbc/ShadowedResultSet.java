package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.shadow.ResultComparison;
import io.shardbridge.jdbc.delegate.DelegatingResultSet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The authoritative driver's own result set, handed to the caller as it is — same types, conversions
 * and metadata as without the layer — while a shadow read copies each row's values as the caller moves
 * to it. When the caller has read to the end, or closes the result set early (a single-row lookup reads
 * one row and closes), the rest of the rows are read and all go to the comparison — the same rows the
 * authoritative side answered. A caller that scrolls back leaves nothing to compare.
 */
final class ShadowedResultSet extends DelegatingResultSet {
    private final Consumer<List<List<Object>>> whenRead;
    private final ResultComparison.RowReader reader;
    private List<List<Object>> rows = new ArrayList<>();

    ShadowedResultSet(ResultSet authoritative, Consumer<List<List<Object>>> whenRead) throws SQLException {
        super(authoritative);
        this.whenRead = whenRead;
        this.reader = ResultComparison.reader(authoritative.getMetaData());
    }

    @Override
    public boolean next() throws SQLException {
        boolean more = delegate.next();
        if (rows != null) {
            if (more) {
                rows.add(reader.read(delegate));
            } else {
                List<List<Object>> read = rows;
                rows = null;
                whenRead.accept(read);
            }
        }
        return more;
    }

    /** A caller that stops early: the rows it did not read are read here, so the whole answer is compared. */
    @Override
    public void close() throws SQLException {
        if (rows != null && !delegate.isClosed()) {
            try {
                while (next()) {
                    // next() records each row and hands all of them over at the end
                }
            } catch (SQLException e) {
                rows = null; // nothing to compare; the caller's close still happens
            }
        }
        rows = null;
        delegate.close();
    }

    private void abandon() {
        rows = null;
    }

    @Override
    public boolean previous() throws SQLException {
        abandon();
        return delegate.previous();
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        abandon();
        return delegate.absolute(row);
    }

    @Override
    public boolean relative(int count) throws SQLException {
        abandon();
        return delegate.relative(count);
    }

    @Override
    public boolean first() throws SQLException {
        abandon();
        return delegate.first();
    }

    @Override
    public boolean last() throws SQLException {
        abandon();
        return delegate.last();
    }

    @Override
    public void beforeFirst() throws SQLException {
        abandon();
        delegate.beforeFirst();
    }

    @Override
    public void afterLast() throws SQLException {
        abandon();
        delegate.afterLast();
    }
}
