package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.mirror.RowImage;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape.ValueSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Refuses, before anything is written, an UPDATE that would change a primary-key or shard-key value of
 * a migrating table: the mirror is addressed by those values, so the old row would stay behind on the
 * mirror (or on the wrong shard). Assigning the value a row already has is allowed (ORMs write every
 * column), so the rows the WHERE clause matches are read under lock and compared with the new value.
 */
public final class KeyChangeGuard {
    private KeyChangeGuard() {
    }

    public static void check(Connection auth, Dialect dialect, WriteRequest request) throws SQLException {
        TableDefinition table = request.table();
        List<String> guarded = new ArrayList<>(table.primaryKey());
        if (request.shardKey() != null && !guarded.contains(request.shardKey())) {
            guarded.add(request.shardKey());
        }
        Map<String, ValueSource> assigned = new LinkedHashMap<>();
        for (String column : guarded) {
            ValueSource source = request.shape().assignments().get(column);
            if (source != null) {
                assigned.put(column, source);
            }
        }
        if (assigned.isEmpty()) {
            return;
        }
        if (request.shape().kind() != StatementKind.UPDATE || request.shape().joinsOtherTables()) {
            throw refuse(table, assigned.keySet().iterator().next(), "it is assigned in an upsert or a joined UPDATE");
        }
        for (Map.Entry<String, ValueSource> e : assigned.entrySet()) {
            if (e.getValue() instanceof ValueSource.Expression x) {
                throw refuse(table, e.getKey(), "it is assigned the expression " + x.text());
            }
        }
        List<StatementParameters> sets = request.prepared() ? request.parameterSets() : java.util.Collections.singletonList(null);
        for (StatementParameters parameters : sets) {
            checkRows(auth, dialect, request, assigned, parameters);
        }
    }

    private static void checkRows(Connection auth, Dialect dialect, WriteRequest request, Map<String, ValueSource> assigned,
                                  StatementParameters parameters) throws SQLException {
        List<String> columns = new ArrayList<>(assigned.keySet());
        List<List<Object>> rows = LockingRead.rows(auth, dialect, request, columns, parameters, rs -> {
            List<Object> row = new ArrayList<>(columns.size());
            for (int c = 1; c <= columns.size(); c++) {
                row.add(rs.getObject(c));
            }
            return row;
        });
        for (List<Object> row : rows) {
            for (int c = 0; c < columns.size(); c++) {
                ValueSource source = assigned.get(columns.get(c));
                Object wanted = source instanceof ValueSource.Parameter p ? parameters.value(p.index()) : ((ValueSource.Literal) source).value();
                Object current = row.get(c);
                if (!Objects.equals(RowImage.normalize(current), RowImage.normalize(wanted))
                        && !Objects.equals(String.valueOf(current), String.valueOf(wanted))) {
                    throw refuse(request.table(), columns.get(c), "a matching row holds " + current + " and would get " + wanted);
                }
            }
        }
    }

    private static SQLFeatureNotSupportedException refuse(TableDefinition table, String column, String detail) {
        return new SQLFeatureNotSupportedException("table " + table.name() + " is migrating: an UPDATE may not change key column " + column
                + " (" + detail + "). Rows are mirrored and placed by their primary and shard keys; delete the row and insert it with the "
                + "new key instead. Nothing was written.", "0A000");
    }
}
