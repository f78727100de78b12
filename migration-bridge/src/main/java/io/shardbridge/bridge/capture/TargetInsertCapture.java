package io.shardbridge.bridge.capture;

import static io.shardbridge.bridge.capture.TargetCapture.insertColumns;
import static io.shardbridge.bridge.capture.TargetCapture.refuse;

import io.shardbridge.bridge.capture.PendingChanges.KeyOnly;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.bridge.sql.StatementShape.ValueSource;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An INSERT through the router while the target is authoritative, on either kind of shard. Exact without
 * reading anything back: the row's keys are in the statement's VALUES (literals or parameters), or, for
 * a primary key left to the key generator, come back as ShardingSphere's generated keys, one per VALUES
 * row in order; the images are read by those keys at commit. A key column given as an expression cannot
 * be known, so the statement is refused before it runs.
 */
final class TargetInsertCapture {
    private final String generatedKeyColumn;

    TargetInsertCapture(String generatedKeyColumn) {
        this.generatedKeyColumn = generatedKeyColumn;
    }

    /** Runs the INSERT with one parameter set (null: a plain statement) and records the inserted keys; returns its count. */
    long execute(Connection auth, WriteRequest request, StatementParameters parameters, PendingChanges pending, TargetCapture.CallerRows rows)
            throws SQLException {
        StatementShape shape = request.shape();
        TableDefinition table = request.table();
        long count = 0;
        List<RowImage> inserted = insertedKeys(request, parameters);
        boolean needsGenerated = !shape.hasReturning() && (inserted.isEmpty() || request.keys().any());
        try (Statement st = parameters == null ? auth.createStatement()
                : auth.prepareStatement(request.sql(), needsGenerated ? Statement.RETURN_GENERATED_KEYS : Statement.NO_GENERATED_KEYS)) {
            request.settings().applyTo(st);
            if (shape.hasReturning()) {
                // the caller's RETURNING rows, through the router (complete when the rows reach one physical table)
                try (ResultSet rs = st instanceof PreparedStatement ps ? bindAndQuery(ps, parameters) : st.executeQuery(request.sql())) {
                    ResultRows returned = rows.returning(rs);
                    while (rs.next()) {
                        returned.addCurrentRow(rs);
                        count++;
                    }
                }
            } else {
                count = st instanceof PreparedStatement ps ? bindAndUpdate(ps, parameters)
                        : st.executeUpdate(request.sql(), needsGenerated ? Statement.RETURN_GENERATED_KEYS : Statement.NO_GENERATED_KEYS);
            }
            if (needsGenerated) {
                try (ResultSet generated = st.getGeneratedKeys()) {
                    if (request.keys().any() && rows.generatedKeys == null) {
                        rows.generatedKeys = ResultRows.columnsOf(generated.getMetaData(), null);
                    }
                    List<Object> values = new ArrayList<>();
                    while (generated.next()) {
                        values.add(generated.getObject(1));
                        if (rows.generatedKeys != null) {
                            rows.generatedKeys.addCurrentRow(generated);
                        }
                    }
                    if (inserted.isEmpty()) {
                        inserted = withGeneratedKeys(request, parameters, values);
                    }
                }
            }
        }
        inserted.forEach(k -> pending.record(table.primaryKey(), new KeyOnly(k)));
        return count;
    }

    private static ResultSet bindAndQuery(PreparedStatement ps, StatementParameters parameters) throws SQLException {
        parameters.bindAll(ps);
        return ps.executeQuery();
    }

    private static long bindAndUpdate(PreparedStatement ps, StatementParameters parameters) throws SQLException {
        parameters.bindAll(ps);
        return ps.executeUpdate(); // ShardingSphere has no executeLargeUpdate
    }

    /** Key images of the VALUES rows; empty when the primary key is left to the key generator. */
    private List<RowImage> insertedKeys(WriteRequest request, StatementParameters parameters) throws SQLException {
        StatementShape shape = request.shape();
        TableDefinition table = request.table();
        if (shape.insertColumns().isEmpty() && shape.insertRows().isEmpty()) {
            throw refuse(table, "the INSERT names no columns and has no VALUES; write INSERT INTO " + table.name() + " (columns…) VALUES (…)");
        }
        List<String> columns = KeyMoves.keyColumns(request);
        if (generatedKeyColumn != null && !insertColumns(request).contains(generatedKeyColumn) && columns.contains(generatedKeyColumn)) {
            return List.of();
        }
        List<RowImage> out = new ArrayList<>();
        for (List<ValueSource> row : shape.insertRows()) {
            out.add(keyOf(request, row, parameters, columns, null));
        }
        return out;
    }

    private List<RowImage> withGeneratedKeys(WriteRequest request, StatementParameters parameters, List<Object> generated) throws SQLException {
        List<RowImage> out = new ArrayList<>();
        List<List<ValueSource>> rows = request.shape().insertRows();
        if (generated.size() != rows.size()) {
            throw refuse(request.table(), "the key generator returned " + generated.size() + " keys for " + rows.size() + " rows");
        }
        for (int r = 0; r < rows.size(); r++) {
            out.add(keyOf(request, rows.get(r), parameters, KeyMoves.keyColumns(request), generated.get(r)));
        }
        return out;
    }

    private RowImage keyOf(WriteRequest request, List<ValueSource> row, StatementParameters parameters, List<String> columns,
                           Object generated) throws SQLException {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String column : columns) {
            int at = insertColumns(request).indexOf(column);
            if (at < 0 || at >= row.size()) {
                if (column.equals(generatedKeyColumn) && generated != null) {
                    key.put(column, generated);
                    continue;
                }
                if (column.equals(request.shardKey()) && !request.table().primaryKey().contains(column)
                        && request.table().column(column).map(c -> c.defaultExpr().isEmpty() && !c.notNull()).orElse(false)) {
                    key.put(column, null); // left out and without a default: NULL, which lives in slot 0 until an UPDATE sets it
                    continue;
                }
                throw refuse(request.table(), "the INSERT gives no value for key column " + column + "; the row is mirrored and placed by "
                        + "its primary and shard keys, so the statement must name every one of " + KeyMoves.keyColumns(request));
            }
            ValueSource source = row.get(at);
            if (source instanceof ValueSource.Parameter p) {
                key.put(column, parameters == null ? null : parameters.value(p.index()));
            } else if (source instanceof ValueSource.Literal l) {
                key.put(column, l.value());
            } else {
                throw refuse(request.table(), "key column " + column + " is given as an expression (" + ((ValueSource.Expression) source).text()
                        + "); give it as a value or a ? parameter");
            }
        }
        return new RowImage(request.table().name(), key);
    }
}
