package io.shardbridge.bridge.keys;

import io.shardbridge.bridge.capture.StatementParameters;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The parameters of an INSERT whose keys shardbridge filled: the caller's values at their new
 * positions and one allocated key per added {@code ?}. Parameter indexes are those of the filled text.
 */
final class FilledParameters implements StatementParameters {
    /** Where filled parameter i comes from: the caller's parameter {@code original}, or key {@code column} of VALUES row {@code row}. */
    record Slot(int original, int row, int column) {
        static Slot caller(int index) {
            return new Slot(index, -1, -1);
        }

        static Slot key(int row, int column) {
            return new Slot(-1, row, column);
        }
    }

    private final StatementParameters caller;
    private final List<Slot> slots;
    private final List<SequenceColumn> columns;
    private final long[][] keys;

    FilledParameters(StatementParameters caller, List<Slot> slots, List<SequenceColumn> columns, long[][] keys) {
        this.caller = caller;
        this.slots = slots;
        this.columns = columns;
        this.keys = keys;
    }

    @Override
    public void bindAll(PreparedStatement target) throws SQLException {
        for (int i = 0; i < slots.size(); i++) {
            bind(target, i, i + 1);
        }
    }

    @Override
    public void bind(PreparedStatement target, int sourceIndex, int targetPosition) throws SQLException {
        Slot slot = slots.get(sourceIndex);
        if (slot.original() >= 0) {
            caller.bind(target, slot.original(), targetPosition);
        } else if (columns.get(slot.column()).sqlType() == Types.BIGINT) {
            target.setLong(targetPosition, keys[slot.row()][slot.column()]);
        } else {
            target.setInt(targetPosition, Math.toIntExact(keys[slot.row()][slot.column()]));
        }
    }

    @Override
    public Object value(int sourceIndex) throws SQLException {
        Slot slot = slots.get(sourceIndex);
        return slot.original() >= 0 ? caller.value(slot.original()) : columns.get(slot.column()).typed(keys[slot.row()][slot.column()]);
    }
}
