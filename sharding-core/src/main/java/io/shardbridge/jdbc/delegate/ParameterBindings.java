package io.shardbridge.jdbc.delegate;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameter values set on a prepared statement, kept until replaced or cleared (as JDBC requires) and
 * replayable onto any physical statement: the one recorder of every decorator that holds parameters
 * (ShardingSphere's statements, the single-shard fast path, the migration layer's routed statements).
 *
 * <p>Each position keeps the value (null for SQL NULL) and the setter call that set it, so a replay makes
 * exactly the call the caller made, with its type hints, calendars and stream lengths.
 */
public class ParameterBindings {
    /** Sets one value on a physical statement at a given position. */
    @FunctionalInterface
    public interface Setter {
        void apply(PreparedStatement ps, int position) throws SQLException;
    }

    private Object[] values;
    private Setter[] setters;
    private int count;

    public ParameterBindings() {
        values = new Object[8];
        setters = new Setter[8];
    }

    /** A copy of {@code from}'s values, independent of it from now on. */
    protected ParameterBindings(ParameterBindings from) {
        values = from.values.clone();
        setters = from.setters.clone();
        count = from.count;
    }

    public void set(int position, Object value, Setter setter) throws SQLException {
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

    public void clear() {
        Arrays.fill(values, null);
        Arrays.fill(setters, null);
        count = 0;
    }

    /** A snapshot (for a batch entry, or for reading later while the caller re-binds). */
    public ParameterBindings copy() {
        return new ParameterBindings(this);
    }

    /** Binds every parameter at its own position; a gap below the highest one set is an error (07001). */
    public void bindAll(PreparedStatement target) throws SQLException {
        for (int i = 0; i < count; i++) {
            if (setters[i] == null) {
                throw new SQLException("no value specified for parameter " + (i + 1), "07001");
            }
            setters[i].apply(target, i + 1);
        }
    }

    /** Replays the setters that were called, in position order, leaving gaps for the target's own check. */
    public void replay(PreparedStatement target) throws SQLException {
        for (int i = 0; i < count; i++) {
            if (setters[i] != null) {
                setters[i].apply(target, i + 1);
            }
        }
    }

    /** Binds parameter {@code sourceIndex} (0-based, as the parser numbers them) at position {@code targetPosition} (1-based). */
    public void bind(PreparedStatement target, int sourceIndex, int targetPosition) throws SQLException {
        if (!isSet(sourceIndex)) {
            throw new SQLException("no value specified for parameter " + (sourceIndex + 1), "07001");
        }
        setters[sourceIndex].apply(target, targetPosition);
    }

    /** The value of parameter {@code sourceIndex} (0-based) as it was set (null for SQL NULL); an error when never set. */
    public Object value(int sourceIndex) throws SQLException {
        if (!isSet(sourceIndex)) {
            throw new SQLException("no value specified for parameter " + (sourceIndex + 1), "07001");
        }
        return values[sourceIndex];
    }

    /** The value of parameter {@code sourceIndex} (0-based), or null when it was never set or set to SQL NULL. */
    public Object valueOrNull(int sourceIndex) {
        return sourceIndex >= 0 && sourceIndex < count ? values[sourceIndex] : null;
    }

    /** Whether parameter {@code sourceIndex} (0-based) has a value (SQL NULL counts). */
    public boolean isSet(int sourceIndex) {
        return sourceIndex >= 0 && sourceIndex < count && setters[sourceIndex] != null;
    }
}
