package io.shardbridge.bridge.jdbc;

import io.shardbridge.bridge.capture.StatementParameters;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameter values set on a routed prepared statement, kept until cleared (as JDBC requires) and
 * replayed onto whichever physical statement runs it: legacy, the router, a key-capture variant.
 */
final class ParameterBindings implements StatementParameters {
    /** Sets one value on a physical statement at a given position. */
    @FunctionalInterface
    interface Setter {
        void apply(PreparedStatement ps, int position) throws SQLException;
    }

    private Object[] values = new Object[8];
    private Setter[] setters = new Setter[8];
    private int count;

    void set(int position, Object value, Setter setter) throws SQLException {
        if (position < 1) {
            throw new SQLException("parameter index " + position + " is out of range; JDBC parameters count from 1", "22023");
        }
        if (position > setters.length) {
            int size = Math.max(position, setters.length * 2);
            values = Arrays.copyOf(values, size);
            setters = Arrays.copyOf(setters, size);
        }
        values[position - 1] = value;
        setters[position - 1] = setter;
        count = Math.max(count, position);
    }

    void clear() {
        Arrays.fill(values, null);
        Arrays.fill(setters, null);
        count = 0;
    }

    ParameterBindings copy() {
        ParameterBindings copy = new ParameterBindings();
        copy.values = values.clone();
        copy.setters = setters.clone();
        copy.count = count;
        return copy;
    }

    @Override
    public void bindAll(PreparedStatement target) throws SQLException {
        for (int i = 0; i < count; i++) {
            if (setters[i] == null) {
                throw new SQLException("no value specified for parameter " + (i + 1), "07001");
            }
            setters[i].apply(target, i + 1);
        }
    }

    @Override
    public void bind(PreparedStatement target, int sourceIndex, int targetPosition) throws SQLException {
        if (sourceIndex >= count || setters[sourceIndex] == null) {
            throw new SQLException("no value specified for parameter " + (sourceIndex + 1), "07001");
        }
        setters[sourceIndex].apply(target, targetPosition);
    }

    @Override
    public Object value(int sourceIndex) throws SQLException {
        if (sourceIndex >= count || setters[sourceIndex] == null) {
            throw new SQLException("no value specified for parameter " + (sourceIndex + 1), "07001");
        }
        return values[sourceIndex];
    }
}
