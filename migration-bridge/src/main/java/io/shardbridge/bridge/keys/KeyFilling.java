package io.shardbridge.bridge.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardbridge.bridge.capture.KeysRequest;
import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.bridge.keys.FilledParameters.Slot;
import io.shardbridge.bridge.sql.InsertKeySlots;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.sql.ParsedStatements;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetFactory;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;

/**
 * Fills the sequence keys an INSERT leaves out (or gives as {@code DEFAULT}), while the target is
 * authoritative: the column is added to the column list and a {@code ?} to each VALUES row (or the
 * {@code DEFAULT} becomes a {@code ?}), bound to a key from the {@link KeyAllocator}.
 * The statement then runs as one that gives its keys, on every path (capture, fast path, ShardingSphere),
 * and the caller's generated keys are the filled ones. The filled text is the same for every execution of
 * one caller text, so plans and prepared statements stay cached.
 */
public final class KeyFilling {
    /** Fills nothing: no unit table has a sequence-filled column. */
    public static final KeyFilling NONE = new KeyFilling(null, Map.of());

    /** An INSERT with its keys filled. {@code generatedKeys} answers the caller's request, or is null when the statement must. */
    public record Filled(String sql, List<StatementParameters> parameterSets, KeysRequest downstreamKeys, ResultSet generatedKeys) {
    }

    private record Template(List<SequenceColumn> missing, String sql, List<Slot> slots, int rows) {
        long callerParameters() {
            return slots.stream().filter(s -> s.original() >= 0).count();
        }
    }

    private static final Template NOTHING = new Template(List.of(), null, List.of(), 0);
    /** Looked up once: {@link RowSetProvider#newFactory()} searches the class path on every call. */
    private static final RowSetFactory ROW_SETS;

    static {
        try {
            ROW_SETS = RowSetProvider.newFactory();
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Where keys come from: the shared allocator (tests: a counter). */
    @FunctionalInterface
    interface KeySource {
        long next(String unit, SequenceColumn column, long epoch) throws SQLException;
    }

    private final KeySource authority;
    private final Map<String, List<SequenceColumn>> columns;
    private final Cache<String, Template> templates = Caffeine.newBuilder().maximumSize(20_000).build();

    KeyFilling(KeySource authority, Map<String, List<SequenceColumn>> columns) {
        this.authority = authority;
        this.columns = columns;
    }

    /** True when no table has a key to fill (the statement path skips the lookup). */
    public boolean isEmpty() {
        return columns.isEmpty();
    }

    /**
     * The INSERT with its missing sequence keys filled, or null when it gives them all (or is no INSERT
     * into such a table). {@code parameterSets} is empty for a plain statement.
     */
    public Filled fill(String sql, StatementShape shape, String unit, long epoch, KeysRequest keys, List<StatementParameters> parameterSets)
            throws SQLException {
        if (shape == null || shape.kind() != StatementKind.INSERT || !columns.containsKey(shape.writtenTable())) {
            return null;
        }
        Template template = templates.get(sql, s -> template(s, shape));
        if (template.sql() == null || parameterSets.isEmpty() && !template.missing().isEmpty() && template.callerParameters() > 0) {
            return null; // a plain statement with ? markers fails as it would without shardbridge
        }
        List<StatementParameters> sets = parameterSets.isEmpty() ? Collections.singletonList(null) : parameterSets;
        List<StatementParameters> filled = new ArrayList<>(sets.size());
        List<long[]> issued = new ArrayList<>();
        for (StatementParameters set : sets) {
            long[][] rowKeys = new long[template.rows()][template.missing().size()];
            for (int r = 0; r < template.rows(); r++) {
                for (int c = 0; c < template.missing().size(); c++) {
                    rowKeys[r][c] = authority.next(unit, template.missing().get(c), epoch);
                }
                issued.add(rowKeys[r]);
            }
            filled.add(new FilledParameters(set, template.slots(), template.missing(), rowKeys));
        }
        List<SequenceColumn> answered = answered(keys, template.missing());
        return new Filled(template.sql(), filled, answered == null ? keys : KeysRequest.NONE,
                answered == null ? null : generatedKeys(answered, template.missing(), issued));
    }

    /**
     * The filled text for one caller text: columns the INSERT leaves out are appended to the column list
     * with a {@code ?} at the end of each VALUES row; a key column given as {@code DEFAULT} in every row has
     * each {@code DEFAULT} replaced by a {@code ?}. Parameters are renumbered in text order.
     */
    private Template template(String sql, StatementShape shape) {
        List<SequenceColumn> sequenceColumns = columns.get(shape.writtenTable());
        List<SequenceColumn> appended = sequenceColumns.stream().filter(c -> !shape.insertColumns().contains(c.column())).toList();
        List<SequenceColumn> defaulted = sequenceColumns.stream().filter(c -> shape.insertColumns().contains(c.column())
                && shape.insertRows().stream().allMatch(row -> isDefault(row.get(shape.insertColumns().indexOf(c.column()))))).toList();
        if (appended.isEmpty() && defaulted.isEmpty() || shape.insertColumns().isEmpty() || shape.insertRows().isEmpty() || shape.joinsOtherTables()) {
            return NOTHING;
        }
        Optional<InsertKeySlots> found = InsertKeySlots.of(ParsedStatements.shared(), sql);
        if (found.isEmpty()) {
            return NOTHING;
        }
        InsertKeySlots slots = found.get();
        List<SequenceColumn> filled = new ArrayList<>(appended);
        filled.addAll(defaulted);
        // the edits, by position: [start, end) of the text replaced, the text put there, the keys it binds
        List<Edit> edits = new ArrayList<>();
        if (!appended.isEmpty()) {
            edits.add(new Edit(slots.columnsClose(), slots.columnsClose(), ", " + String.join(", ", appended.stream().map(SequenceColumn::column).toList()),
                    List.of()));
        }
        for (int row = 0; row < slots.rowCloses().size(); row++) {
            for (SequenceColumn column : defaulted) {
                StatementShape.Span value = slots.values().get(row).get(shape.insertColumns().indexOf(column.column()));
                edits.add(new Edit(value.start(), value.stop() + 1, "?", List.of(Slot.key(row, filled.indexOf(column)))));
            }
            if (!appended.isEmpty()) {
                List<Slot> keys = new ArrayList<>();
                for (int c = 0; c < appended.size(); c++) {
                    keys.add(Slot.key(row, c));
                }
                edits.add(new Edit(slots.rowCloses().get(row), slots.rowCloses().get(row),
                        ", " + String.join(", ", Collections.nCopies(appended.size(), "?")), keys));
            }
        }
        edits.sort(java.util.Comparator.comparingInt(Edit::start));
        StringBuilder out = new StringBuilder(sql.length() + 16 * edits.size());
        List<Slot> parameters = new ArrayList<>();
        int copied = 0;
        int marker = 0;
        for (Edit edit : edits) {
            while (marker < slots.markers().size() && slots.markers().get(marker) < edit.start()) {
                parameters.add(Slot.caller(marker++));
            }
            out.append(sql, copied, edit.start()).append(edit.text());
            parameters.addAll(edit.keys());
            copied = edit.end();
        }
        while (marker < slots.markers().size()) {
            parameters.add(Slot.caller(marker++));
        }
        out.append(sql, copied, sql.length());
        return new Template(List.copyOf(filled), out.toString(), List.copyOf(parameters), slots.rowCloses().size());
    }

    private record Edit(int start, int end, String text, List<Slot> keys) {
    }

    private static boolean isDefault(StatementShape.ValueSource value) {
        return value instanceof StatementShape.ValueSource.Expression e && e.text().trim().equalsIgnoreCase("DEFAULT");
    }

    /** The filled columns that answer the caller's generated-keys request, or null when they cannot (it names other columns). */
    private static List<SequenceColumn> answered(KeysRequest keys, List<SequenceColumn> missing) {
        if (!keys.any()) {
            return null;
        }
        if (keys.all()) {
            return missing;
        }
        List<SequenceColumn> out = new ArrayList<>();
        for (String name : keys.columns()) {
            Optional<SequenceColumn> column = missing.stream().filter(c -> c.column().equals(name)).findFirst();
            if (column.isEmpty()) {
                return null;
            }
            out.add(column.get());
        }
        return out;
    }

    private static ResultSet generatedKeys(List<SequenceColumn> answered, List<SequenceColumn> missing, List<long[]> rows) throws SQLException {
        CachedRowSet out = ROW_SETS.createCachedRowSet();
        RowSetMetaDataImpl meta = new RowSetMetaDataImpl();
        meta.setColumnCount(answered.size());
        for (int i = 0; i < answered.size(); i++) {
            SequenceColumn column = answered.get(i);
            meta.setColumnName(i + 1, column.column());
            meta.setColumnLabel(i + 1, column.column());
            meta.setColumnType(i + 1, column.sqlType());
            meta.setColumnTypeName(i + 1, column.sqlType() == java.sql.Types.BIGINT ? "int8" : "int4");
            meta.setNullable(i + 1, ResultSetMetaData.columnNoNulls);
        }
        out.setMetaData(meta);
        // CachedRowSet inserts each row before the current one: insert in reverse to keep the order
        for (int r = rows.size() - 1; r >= 0; r--) {
            out.moveToInsertRow();
            for (int i = 0; i < answered.size(); i++) {
                out.updateObject(i + 1, answered.get(i).typed(rows.get(r)[missing.indexOf(answered.get(i))]));
            }
            out.insertRow();
            out.moveToCurrentRow();
        }
        out.beforeFirst();
        return out;
    }
}
