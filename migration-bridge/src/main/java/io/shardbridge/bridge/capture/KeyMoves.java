package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.row.RoutedNames;
import io.shardbridge.bridge.row.ColumnValues;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.sql.SqlEdits;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.TableDefinition;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An UPDATE that assigns a primary-key or shard-key column moves its rows: on the mirror (and, when the
 * target is authoritative, on the target's shards) the row is deleted where its old keys put it and
 * written where its new ones do. So capture must learn, for exactly the rows the UPDATE changed, both the
 * old and the new keys. This class builds the statements that do so without a window between reading
 * the old keys and writing the new ones, at every isolation level.
 *
 * <p><b>PostgreSQL</b> (legacy, and PostgreSQL shards): one statement,
 * <pre>
 * UPDATE t SET … FROM (SELECT k AS sb_old_k, … FROM t WHERE &lt;the caller's WHERE&gt; FOR [NO KEY] UPDATE) sb_o
 *  WHERE t.pk = sb_o.sb_old_pk RETURNING t.*, sb_o.sb_old_k, …
 * </pre>
 * Why it is exact: the subquery locks each row its WHERE matches and returns that row's latest committed
 * version (under READ COMMITTED a concurrently updated row is re-read and re-checked, as the UPDATE
 * itself would); the UPDATE then writes exactly the rows joined to a locked row by primary key — a locked
 * row cannot change before this transaction ends, and its newest version is what the UPDATE's own
 * re-check reaches — and RETURNING reports, in the same statement, each written row's new image beside
 * the old keys it was locked with. No other statement runs in between, so nothing can commit in between.
 * The join is by primary key, not ctid: a row updated by another transaction after this statement's
 * snapshot has a new ctid that the snapshot cannot see, so a ctid join would silently skip it. The lock
 * is {@code FOR NO KEY UPDATE} (what the UPDATE takes anyway) unless a primary-key column is assigned.
 * Parameters keep their order: the SET list's come first, the WHERE clause's follow inside the subquery,
 * where the WHERE clause stood.
 *
 * <p><b>MySQL shards</b> (no RETURNING): the caller's WHERE runs first as a locking read of the keys
 * ({@code SELECT pk, shard key … FOR UPDATE}); the UPDATE then names exactly the locked rows by key
 * instead of repeating the caller's WHERE. InnoDB's next-key locks are not relied on: at READ COMMITTED
 * there are none, and a row committed between the two statements would otherwise be written but not
 * captured. With the keys, the write touches the locked rows and nothing else; a row committed after
 * the locking read is left alone, as if its commit had come after this statement.
 */
final class KeyMoves {
    /** Prefix of the columns that carry a row's old key values back. */
    static final String OLD = "sb_old_";
    /** The subquery's alias. */
    private static final String LOCKED = "sb_o";

    private KeyMoves() {
    }

    /** True for an UPDATE that assigns a primary-key or shard-key column (it may move rows). */
    static boolean assignsKey(WriteRequest request) {
        if (request.shape().kind() != StatementKind.UPDATE) {
            return false;
        }
        return keyColumns(request).stream().anyMatch(request.shape().assignments()::containsKey);
    }

    /** The primary key, then the shard key when it is not part of it. */
    static List<String> keyColumns(WriteRequest request) {
        List<String> columns = new ArrayList<>(request.table().primaryKey());
        if (request.shardKey() != null && !columns.contains(request.shardKey())) {
            columns.add(request.shardKey());
        }
        return columns;
    }

    /**
     * The PostgreSQL form above, on {@code physicalTable} (aliased to the name the statement uses) or,
     * when it is null, on the statement's own table.
     */
    static String postgresMovingUpdate(WriteRequest request, String physicalTable) throws SQLException {
        StatementShape shape = request.shape();
        String sql = request.sql();
        int whereStart = whereStart(request);
        int end = shape.syntax().end();
        String reference = ReturningCapture.returningAllList(shape).replace(".*", "");
        String written = sql.substring(shape.writtenTableSpan().start(), shape.writtenTableSpan().stop() + 1);
        String alias = shape.syntax().alias();
        String inner = physicalTable == null ? written + (alias == null ? "" : " " + alias)
                : physicalTable + " AS " + (alias == null ? reference : alias);
        Dialect pg = Dialect.POSTGRESQL;
        List<String> keys = keyColumns(request);
        boolean primaryKeyAssigned = request.table().primaryKey().stream().anyMatch(shape.assignments()::containsKey);
        StringBuilder join = new StringBuilder();
        for (String pk : request.table().primaryKey()) {
            join.append(join.length() == 0 ? "" : " AND ").append(reference).append('.').append(pg.quote(pk)).append(" = ")
                    .append(LOCKED).append('.').append(pg.quote(OLD + pk));
        }
        String where = shape.where().map(StatementShape.SqlFragment::text).orElse("");
        // the subquery's columns are renamed, so the caller's unqualified SET expressions still name the table's own
        String selected = keys.stream().map(k -> pg.quote(k) + " AS " + pg.quote(OLD + k)).collect(java.util.stream.Collectors.joining(", "));
        String from = " FROM (SELECT " + selected + " FROM " + inner + (where.isEmpty() ? "" : " " + where)
                + (primaryKeyAssigned ? " FOR UPDATE" : " FOR NO KEY UPDATE") + ") " + LOCKED + " WHERE " + join;
        StringBuilder returning = new StringBuilder(" RETURNING ").append(reference).append(".*");
        for (String key : keys) {
            returning.append(", ").append(LOCKED).append('.').append(pg.quote(OLD + key));
        }
        SqlEdits edits = SqlEdits.of(sql);
        if (physicalTable != null) {
            edits.replace(shape.writtenTableSpan(), physicalTable + (alias == null ? " AS " + reference : ""));
        }
        return edits.replace(whereStart, end - 1, from).insert(end, returning.toString()).apply();
    }

    /** The old key image carried back by {@link #postgresMovingUpdate}'s RETURNING. */
    static RowImage oldKeys(ResultSet rs, WriteRequest request, Dialect source) throws SQLException {
        TableDefinition table = request.table();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : keyColumns(request)) {
            values.put(key, ColumnValues.read(rs, OLD + key, table.column(key).orElseThrow(), source));
        }
        return new RowImage(table.name(), values);
    }

    /** Records one written row: moved when its keys changed, else as written. */
    static void record(PendingChanges pending, WriteRequest request, RowImage before, RowImage after) {
        List<String> keys = keyColumns(request);
        PendingChanges.Known written = new PendingChanges.Known(after);
        if (before.keyValues(keys).equals(after.keyValues(keys))) {
            pending.record(request.table().primaryKey(), written);
        } else {
            pending.moved(request.table().primaryKey(), before, written);
        }
    }

    /**
     * The MySQL UPDATE on {@code physicalTable} (aliased to the name the statement uses), its WHERE
     * clause replaced by the keys of {@code locked} rows; the caller's SET parameters come first, then
     * the keys (see {@link #bindLockedUpdate}).
     */
    static String mysqlLockedUpdate(WriteRequest request, String physicalTable, List<RowImage> locked) throws SQLException {
        StatementShape shape = request.shape();
        String sql = request.sql();
        String alias = shape.syntax().alias();
        String reference = sql.substring(shape.writtenTableSpan().start(), shape.writtenTableSpan().stop() + 1);
        return SqlEdits.of(sql)
                .replace(shape.writtenTableSpan(), physicalTable + (alias == null ? " AS " + reference : ""))
                .replace(whereStart(request), shape.syntax().end() - 1, " WHERE " + byKeys(Dialect.MYSQL, request.table().primaryKey(), locked))
                .apply();
    }

    static void bindLockedUpdate(PreparedStatement ps, WriteRequest request, StatementParameters parameters, List<RowImage> locked)
            throws SQLException {
        int position = 1;
        if (parameters != null) {
            List<Integer> inWhere = request.shape().where().map(StatementShape.SqlFragment::parameterIndexes).orElse(List.of());
            for (int p = 0; p < request.shape().parameterCount(); p++) {
                if (!inWhere.contains(p)) {
                    parameters.bind(ps, p, position++);
                }
            }
        }
        bindKeys(ps, position, request.table(), locked);
    }

    /** A statement for the router and how the caller's parameters and the locked keys bind to it. */
    record Routed(String sql, WriteRequest request, List<RowImage> locked, List<String> columns, boolean byKeys) {
        void bind(PreparedStatement ps, StatementParameters parameters) throws SQLException {
            int position = 1;
            if (!byKeys) {
                if (parameters != null) {
                    parameters.bindAll(ps);
                }
                return;
            }
            if (parameters != null) {
                List<Integer> inWhere = request.shape().where().map(StatementShape.SqlFragment::parameterIndexes).orElse(List.of());
                for (int p = 0; p < request.shape().parameterCount(); p++) {
                    if (!inWhere.contains(p)) {
                        parameters.bind(ps, p, position++);
                    }
                }
            }
            TableDefinition table = request.table();
            for (RowImage row : locked) {
                for (String column : columns) {
                    if (row.get(column) != null) {
                        io.shardbridge.bridge.row.MirrorValues.bind(ps, position++, row.get(column), Dialect.MYSQL, table.name(),
                                table.column(column).orElseThrow());
                    }
                }
            }
        }
    }

    /**
     * The caller's UPDATE or DELETE for the router on MySQL shards, its WHERE clause replaced by the
     * locked rows' primary and shard keys (the shard key lets the router send each to its table). An
     * UPDATE's table gets its own name as an alias ({@code UPDATE acct AS acct SET bal = acct.bal + ?}):
     * ShardingSphere renames the table but not a qualifier inside SET, which would then name nothing.
     */
    static Routed routedLocked(WriteRequest request, List<RowImage> locked) throws SQLException {
        StatementShape shape = request.shape();
        String sql = request.sql();
        List<String> columns = keyColumns(request);
        SqlEdits edits = SqlEdits.of(sql);
        if (shape.kind() == StatementKind.UPDATE && shape.syntax().alias() == null && shape.writtenTableSpan() != null) {
            edits.insert(shape.writtenTableSpan().stop() + 1, " AS " + sql.substring(shape.writtenTableSpan().start(),
                    shape.writtenTableSpan().stop() + 1));
        }
        int whereStart;
        try {
            whereStart = whereStart(request);
        } catch (SQLException e) {
            // a shape whose WHERE clause cannot be replaced (RETURNING, WITH, a clause after WHERE): as written; see Known limits
            return new Routed(edits.apply(), request, locked, columns, false);
        }
        // no locked row: a WHERE that matches nothing, so the statement still meets the shard's own checks (and errors)
        StringBuilder where = new StringBuilder(locked.isEmpty() ? " WHERE 1 = 0" : " WHERE ");
        for (int r = 0; r < locked.size(); r++) {
            where.append(r == 0 ? "(" : " OR (");
            for (int c = 0; c < columns.size(); c++) {
                String name = RoutedNames.name(Dialect.MYSQL, columns.get(c));
                where.append(c == 0 ? "" : " AND ").append(name).append(locked.get(r).get(columns.get(c)) == null ? " IS NULL" : " = ?");
            }
            where.append(')');
        }
        edits.replace(whereStart, shape.syntax().end() - 1, where.toString());
        return new Routed(edits.apply(), request, locked, columns, true);
    }

    /** {@code (pk = ? AND …) OR …} for these rows. */
    static String byKeys(Dialect dialect, List<String> columns, List<RowImage> rows) {
        String one = columns.stream().map(c -> RoutedNames.name(dialect, c) + " = ?").collect(java.util.stream.Collectors.joining(" AND ", "(", ")"));
        return String.join(" OR ", java.util.Collections.nCopies(rows.size(), one));
    }

    /** Binds the primary-key values of {@code rows} from {@code position}; returns the next position. */
    static int bindKeys(PreparedStatement ps, int position, TableDefinition table, List<RowImage> rows) throws SQLException {
        for (RowImage row : rows) {
            for (String column : table.primaryKey()) {
                io.shardbridge.bridge.row.MirrorValues.bind(ps, position++, row.get(column), Dialect.MYSQL, table.name(),
                        table.column(column).orElseThrow());
            }
        }
        return position;
    }

    /**
     * Where the caller's WHERE clause starts (its end is the statement's), or the statement's end when it
     * has none. Only an UPDATE whose WHERE clause is its last clause can be rewritten so.
     */
    private static int whereStart(WriteRequest request) throws SQLException {
        StatementShape shape = request.shape();
        int end = shape.syntax().end();
        if (shape.writtenTableSpan() == null || end < 0 || shape.hasReturning() || shape.syntax().hasWith() || shape.joinsOtherTables()) {
            throw refuse(request, "write it as UPDATE " + request.table().name() + " SET … WHERE …, with no WITH, FROM or RETURNING clause");
        }
        if (shape.where().isEmpty()) {
            return end;
        }
        String where = shape.where().get().text();
        int start = end - where.length();
        if (start < 0 || !request.sql().startsWith(where, start)) {
            throw refuse(request, "its WHERE clause must be its last clause");
        }
        return start;
    }

    static SQLFeatureNotSupportedException refuse(WriteRequest request, String fix) {
        List<String> assigned = keyColumns(request).stream().filter(request.shape().assignments()::containsKey).toList();
        return new SQLFeatureNotSupportedException("table " + request.table().name() + " is migrating: an UPDATE that assigns key column "
                + String.join(", ", assigned) + " moves its rows between places, which the layer does for a plain UPDATE only; " + fix
                + ". Nothing was written.", "0A000");
    }
}
