package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.capture.PendingChanges.Deleted;
import io.shardbridge.bridge.capture.PendingChanges.KeyOnly;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.sql.SqlEdits;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.bridge.sql.StatementShape.ValueSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sharding.shardingsphere.TransactionConnections;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Key capture when the sharded target is authoritative (LIVE, RAMP_DOWN). ShardingSphere returns the
 * RETURNING rows of only the first physical table a statement reaches, so RETURNING through the router
 * is not exact; instead:
 * <ul>
 * <li>INSERT: the key values are in the statement (literals or parameters) or come back as
 * ShardingSphere's generated keys; the images are read by key at commit.</li>
 * <li>INSERT … ON CONFLICT (other unique key) DO UPDATE on PostgreSQL shards: the row it updates is
 * not the one it names, so it runs like an UPDATE below, with {@code RETURNING *} on the one physical
 * table its rows route to; allowed only when the conflict target holds the shard key, the case in which
 * that physical table's unique index decides exactly what legacy's whole-table index would.</li>
 * <li>UPDATE and DELETE on PostgreSQL shards: the statement runs with {@code RETURNING *} on each
 * physical table it can reach (one, when the WHERE clause pins the shard key), on the very connection
 * the router uses for that shard in this transaction. Exact for the reason RETURNING is exact on
 * legacy: the server reports the rows the statement changed, within the statement.</li>
 * <li>UPDATE and DELETE on MySQL shards (no RETURNING): the statement's WHERE clause first runs as
 * {@code SELECT key … FOR UPDATE}. Exact because InnoDB, at its default REPEATABLE READ, takes next-key
 * locks for a locking read: no other transaction can insert, change or delete a matching row until this
 * one ends, so the write touches exactly the locked rows (or a subset, which the re-read resolves).</li>
 * </ul>
 */
final class TargetCapture implements WriteCapture {
    private final String generatedKeyColumn;
    private final TargetConfig target;

    TargetCapture(TargetConfig target, String generatedKeyColumn) {
        this.target = target;
        this.generatedKeyColumn = generatedKeyColumn;
    }

    @Override
    public CaptureResult execute(Connection auth, WriteRequest request, PendingChanges pending) throws SQLException {
        StatementShape shape = request.shape();
        TableDefinition table = request.table();
        if (shape.syntax().hasWith() && shape.kind() != StatementKind.INSERT) {
            throw refuse(table, "its WITH clause cannot be repeated in the read that finds the rows it touches; select the keys "
                    + "first, then write by key");
        }
        if (shape.joinsOtherTables()) {
            throw refuse(table, "it takes its rows from other tables (UPDATE … FROM, DELETE … USING or INSERT … SELECT); select the keys "
                    + "first, then write by key");
        }
        boolean upsertByOtherKey = shape.kind() == StatementKind.INSERT && shape.syntax().conflictDoUpdate() && !onKeyColumns(request);
        if (upsertByOtherKey) {
            refuseUpsertTheShardsCannotDecide(request);
        }
        List<StatementParameters> sets = request.prepared() ? request.parameterSets() : java.util.Collections.singletonList(null);
        long[] counts = new long[sets.size()];
        ResultRows keys = null;
        ResultRows[] callerRows = new ResultRows[1];
        pending.intentsMissing(); // on the target they are written at commit, on the shard that holds each row
        if (shape.hasReturning() && request.batch()) {
            throw refuse(table, "a batch of statements with RETURNING is not supported; execute them one by one");
        }
        for (int i = 0; i < sets.size(); i++) {
            StatementParameters parameters = sets.get(i);
            if (upsertByOtherKey && target.dialect() == Dialect.POSTGRESQL) {
                // the row it updates may not be the one it names: take the images from the statement's own RETURNING
                counts[i] = returningOnEachPhysicalTable(auth, request, parameters, pending, callerRows);
            } else if (shape.kind() == StatementKind.INSERT) {
                List<RowImage> inserted = insertedKeys(request, parameters);
                boolean needsGenerated = !shape.hasReturning() && (inserted.isEmpty() || request.keys().any());
                try (Statement st = parameters == null ? auth.createStatement()
                        : auth.prepareStatement(request.sql(), needsGenerated ? Statement.RETURN_GENERATED_KEYS : Statement.NO_GENERATED_KEYS)) {
                    request.settings().applyTo(st);
                    if (shape.hasReturning()) {
                        // the caller's RETURNING rows, through the router (complete when the rows reach one physical table)
                        try (ResultSet rs = st instanceof PreparedStatement ps ? bindAndQuery(ps, parameters) : st.executeQuery(request.sql())) {
                            if (callerRows[0] == null) {
                                callerRows[0] = ResultRows.columnsOf(rs.getMetaData(), null);
                            }
                            while (rs.next()) {
                                callerRows[0].addCurrentRow(rs);
                                counts[i]++;
                            }
                        }
                    } else {
                        counts[i] = st instanceof PreparedStatement ps ? bindAndUpdate(ps, parameters)
                                : st.executeUpdate(request.sql(), needsGenerated ? Statement.RETURN_GENERATED_KEYS : Statement.NO_GENERATED_KEYS);
                    }
                    if (needsGenerated) {
                        try (ResultSet generated = st.getGeneratedKeys()) {
                            if (request.keys().any() && keys == null) {
                                keys = ResultRows.columnsOf(generated.getMetaData(), null);
                            }
                            List<Object> values = new ArrayList<>();
                            while (generated.next()) {
                                values.add(generated.getObject(1));
                                if (keys != null) {
                                    keys.addCurrentRow(generated);
                                }
                            }
                            if (inserted.isEmpty()) {
                                inserted = withGeneratedKeys(request, parameters, values);
                            }
                        }
                    }
                }
                inserted.forEach(k -> pending.record(table.primaryKey(), new KeyOnly(k)));
            } else if (target.dialect() == Dialect.POSTGRESQL) {
                counts[i] = returningOnEachPhysicalTable(auth, request, parameters, pending, callerRows);
            } else {
                List<RowImage> locked = lockMatchingRows(auth, request, parameters);
                if (KeyMoves.assignsKey(request)) {
                    counts[i] = movingUpdateOnMysql(auth, request, parameters, locked, pending);
                } else {
                    counts[i] = lockedWrite(auth, request, parameters, locked);
                    for (RowImage key : locked) {
                        pending.record(table.primaryKey(), shape.kind() == StatementKind.DELETE ? new Deleted(key) : new KeyOnly(key));
                    }
                }
            }
        }
        return new CaptureResult(callerRows[0] == null ? null : callerRows[0].toResultSet(), counts, keys == null ? null : keys.toResultSet());
    }

    /** PostgreSQL shards: the statement with RETURNING on each physical table it can reach, in the router's transaction. */
    private long returningOnEachPhysicalTable(Connection routing, WriteRequest request, StatementParameters parameters, PendingChanges pending,
                                              ResultRows[] callerRows) throws SQLException {
        StatementShape shape = request.shape();
        TableDefinition table = request.table();
        if (shape.writtenTableSpan() == null || shape.syntax().end() < 0) {
            throw refuse(table, "the written table could not be located in the statement text");
        }
        if (shape.tables().size() > 1 || shape.syntax().references() > 1) {
            throw refuse(table, "it reads tables " + shape.tables() + " besides the one it writes, and runs on each physical table of "
                    + table.name() + ", where those logical names do not exist; select the keys first, then write by key");
        }
        List<String> returning = shape.returning();
        boolean callers = shape.hasReturning();
        boolean full = !callers || returning.contains("*");
        if (callers && !full && !returning.containsAll(table.primaryKey())) {
            throw refuse(table, "its RETURNING list does not include the primary key " + table.primaryKey());
        }
        List<String> keyColumns = keyColumns(request).stream().filter(c -> full || returning.contains(c)).toList();
        boolean moving = KeyMoves.assignsKey(request);
        ShardLayout layout = layout(table);
        long count = 0;
        Map<RowImage, PhysicalTable> written = new LinkedHashMap<>(); // moved after every table ran, so no row is written twice
        for (PhysicalTable physical : reachable(request, parameters)) {
            Connection connection = TransactionConnections.physical(routing, physical.shard());
            String physicalSql = moving ? KeyMoves.postgresMovingUpdate(request, physical.table()) : physicalSql(request, physical.table(), !callers);
            try (PreparedStatement ps = connection.prepareStatement(physicalSql)) {
                request.settings().applyTo(ps);
                if (parameters != null) {
                    parameters.bindAll(ps);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (callers && callerRows[0] == null) {
                        callerRows[0] = ResultRows.columnsOf(rs.getMetaData(), null);
                    }
                    while (moving && rs.next()) {
                        RowImage image = RowImageReader.image(rs, table, Dialect.POSTGRESQL);
                        KeyMoves.record(pending, request, KeyMoves.oldKeys(rs, request, Dialect.POSTGRESQL), image);
                        written.put(image, physical);
                        count++;
                    }
                    while (!moving && rs.next()) {
                        RowImage image = full ? RowImageReader.image(rs, table, Dialect.POSTGRESQL)
                                : RowImageReader.keyImage(rs, table, keyColumns, Dialect.POSTGRESQL);
                        pending.record(table.primaryKey(), shape.kind() == StatementKind.DELETE ? new Deleted(image)
                                : full ? new PendingChanges.Known(image) : new KeyOnly(image));
                        if (callers) {
                            callerRows[0].addCurrentRow(rs);
                        }
                        count++;
                    }
                }
            }
        }
        if (layout != null) {
            for (Map.Entry<RowImage, PhysicalTable> e : written.entrySet()) {
                RowRelocation.relocate(routing, Dialect.POSTGRESQL, table, layout, e.getValue(), e.getKey());
            }
        }
        return count;
    }

    /**
     * The caller's statement on one physical table: the table's name replaced by the physical one, aliased
     * to the name the statement uses ({@code acct} in {@code acct.bal}) unless it has its own alias, and
     * {@code RETURNING} of the whole row after its last token when the caller wrote none. Every edit is
     * at a position the parser reported, on the caller's original text.
     */
    private static String physicalSql(WriteRequest request, String physicalTable, boolean appendReturning) {
        StatementShape shape = request.shape();
        String reference = shape.syntax().alias() != null ? ""
                : " AS " + (shape.kind() == StatementKind.INSERT ? Dialect.POSTGRESQL.quote(request.table().name())
                        : ReturningCapture.returningAllList(shape).replace(".*", ""));
        SqlEdits edits = SqlEdits.of(request.sql()).replace(shape.writtenTableSpan(), physicalTable + reference);
        if (appendReturning) {
            edits.insert(shape.syntax().end(), " RETURNING " + ReturningCapture.returningAllList(shape));
        }
        return edits.apply();
    }

    /**
     * An upsert whose conflict target is not the primary key updates whichever row holds the conflicting
     * values. PostgreSQL decides that with a unique index over the whole table; a shard has the index over
     * one physical table only. The two decisions agree exactly when the conflict target holds the shard
     * key: then every row that could conflict lives in the physical table the new row routes to. Otherwise
     * the shard could insert a duplicate where PostgreSQL would update, so the statement is refused before
     * it runs (the readiness report lists such an index as a blocker before the flip).
     */
    private static void refuseUpsertTheShardsCannotDecide(WriteRequest request) throws SQLFeatureNotSupportedException {
        List<String> conflictTarget = request.shape().syntax().conflictTarget();
        String shardKey = request.shardKey();
        if (shardKey == null || conflictTarget.isEmpty() || !conflictTarget.contains(shardKey)) {
            throw refuse(request.table(), "its ON CONFLICT " + conflictTarget + " DO UPDATE finds the row to update by a unique key "
                    + "without the shard key" + (shardKey == null ? "" : " " + shardKey) + "; on the shards that key is unique only within "
                    + "one physical table, so the statement could insert where PostgreSQL updates. Add the shard key to the unique "
                    + "constraint and to ON CONFLICT (…), use ON CONFLICT (" + String.join(", ", request.table().primaryKey())
                    + "), or read the row by that key first and update it by its primary key");
        }
    }

    /**
     * MySQL shards, an UPDATE that assigns a key column: ShardingSphere refuses to route it, so it runs on
     * each physical table that holds locked rows, naming exactly those rows (see {@link KeyMoves}); the new
     * images are read there, and rows whose new shard key belongs elsewhere are moved.
     */
    private long movingUpdateOnMysql(Connection routing, WriteRequest request, StatementParameters parameters, List<RowImage> locked,
                                     PendingChanges pending) throws SQLException {
        TableDefinition table = request.table();
        ShardLayout layout = layout(table);
        Map<PhysicalTable, List<RowImage>> byPlace = new LinkedHashMap<>();
        for (RowImage key : locked) {
            List<PhysicalTable> places = layout == null ? target.shardNames().stream().map(s -> new PhysicalTable(s, table.name())).toList()
                    : List.of(layout.locate(key.get(layout.rule().shardKey())));
            places.forEach(place -> byPlace.computeIfAbsent(place, p -> new ArrayList<>()).add(key));
        }
        long count = 0;
        for (Map.Entry<PhysicalTable, List<RowImage>> e : byPlace.entrySet()) {
            PhysicalTable place = e.getKey();
            Connection connection = TransactionConnections.physical(routing, place.shard());
            int written;
            try (PreparedStatement ps = connection.prepareStatement(KeyMoves.mysqlLockedUpdate(request, place.table(), e.getValue()))) {
                request.settings().applyTo(ps);
                KeyMoves.bindLockedUpdate(ps, request, parameters, e.getValue());
                written = ps.executeUpdate();
            }
            count = layout == null ? Math.max(count, written) : count + written; // a broadcast table counts its rows once
            Map<List<Object>, RowImage> before = new LinkedHashMap<>();
            List<RowImage> lookups = new ArrayList<>();
            for (RowImage old : e.getValue()) {
                RowImage lookup = newPrimaryKey(request, parameters, old);
                before.put(lookup.keyValues(table.primaryKey()), old);
                lookups.add(lookup);
            }
            String select = "SELECT * FROM " + Dialect.MYSQL.quote(place.table()) + " WHERE "
                    + KeyMoves.byKeys(Dialect.MYSQL, table.primaryKey(), lookups);
            List<RowImage> after = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(select)) {
                KeyMoves.bindKeys(ps, 1, table, lookups);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        after.add(RowImageReader.image(rs, table, Dialect.MYSQL));
                    }
                }
            }
            for (RowImage image : after) {
                RowImage old = before.get(image.keyValues(table.primaryKey()));
                KeyMoves.record(pending, request, old == null ? image.project(KeyMoves.keyColumns(request)) : old, image);
                if (layout != null) {
                    RowRelocation.relocate(routing, Dialect.MYSQL, table, layout, place, image);
                }
            }
        }
        return count;
    }

    /**
     * The primary key a locked row has after the UPDATE: MySQL returns no images, so the rows are read
     * again by key, and an assigned primary-key column must be a value or a parameter to be found.
     */
    private static RowImage newPrimaryKey(WriteRequest request, StatementParameters parameters, RowImage old) throws SQLException {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String column : request.table().primaryKey()) {
            ValueSource source = request.shape().assignments().get(column);
            if (source == null) {
                key.put(column, old.get(column));
            } else if (source instanceof ValueSource.Parameter p && parameters != null) {
                key.put(column, parameters.value(p.index()));
            } else if (source instanceof ValueSource.Literal l) {
                key.put(column, l.value());
            } else {
                throw KeyMoves.refuse(request, "on MySQL shards assign primary-key column " + column + " a value or a ? parameter");
            }
        }
        return new RowImage(old.table(), key);
    }

    /** MySQL shards: the caller's UPDATE or DELETE through the router, naming exactly the locked rows (see {@link KeyMoves}). */
    private static long lockedWrite(Connection routing, WriteRequest request, StatementParameters parameters, List<RowImage> locked)
            throws SQLException {
        KeyMoves.Routed routed = KeyMoves.routedLocked(request, locked);
        try (PreparedStatement ps = routing.prepareStatement(routed.sql())) {
            request.settings().applyTo(ps);
            routed.bind(ps, parameters);
            return ps.executeUpdate();
        }
    }

    private ShardLayout layout(TableDefinition table) {
        return target.table(table.name()).map(rule -> new ShardLayout(rule, target.shardNames())).orElse(null);
    }

    /** Whether an upsert's conflict target is the primary key (then the row it updates is the one it names). */
    private static boolean onKeyColumns(WriteRequest request) {
        return new java.util.HashSet<>(request.shape().syntax().conflictTarget()).equals(new java.util.HashSet<>(request.table().primaryKey()));
    }

    /** The physical tables a statement can touch: the one its shard-key equality names, or all of them. */
    private List<PhysicalTable> reachable(WriteRequest request, StatementParameters parameters) throws SQLException {
        String name = request.table().name();
        java.util.Optional<io.shardbridge.config.TableRule> rule = target.table(name);
        if (rule.isEmpty()) {
            return target.shardNames().stream().map(s -> new PhysicalTable(s, name)).toList(); // broadcast: every shard
        }
        ShardLayout layout = new ShardLayout(rule.get(), target.shardNames());
        if (request.shape().kind() == StatementKind.INSERT) {
            return List.of(insertedRowsTable(request, parameters, layout, rule.get().shardKey()));
        }
        ValueSource pinned = request.shape().equalities().get(rule.get().shardKey());
        if (pinned instanceof ValueSource.Parameter p && parameters != null && parameters.value(p.index()) != null) {
            return List.of(layout.locate(parameters.value(p.index())));
        }
        if (pinned instanceof ValueSource.Literal l && l.value() != null) {
            return List.of(layout.locate(l.value()));
        }
        return layout.physicalTables();
    }

    /** The one physical table an INSERT's VALUES rows route to (by their shard-key values). */
    private PhysicalTable insertedRowsTable(WriteRequest request, StatementParameters parameters, ShardLayout layout, String shardKey)
            throws SQLException {
        int at = insertColumns(request).indexOf(shardKey);
        java.util.Set<PhysicalTable> tables = new java.util.LinkedHashSet<>();
        for (List<ValueSource> row : request.shape().insertRows()) {
            ValueSource source = at < 0 || at >= row.size() ? null : row.get(at);
            Object value = source instanceof ValueSource.Parameter p ? (parameters == null ? null : parameters.value(p.index()))
                    : source instanceof ValueSource.Literal l ? l.value() : null;
            if (value == null) {
                throw refuse(request.table(), "its ON CONFLICT … DO UPDATE needs the shard key " + shardKey + " of every row as a value "
                        + "or a ? parameter, to run on the physical table that holds the conflicting row");
            }
            tables.add(layout.locate(value));
        }
        if (tables.size() != 1) {
            throw refuse(request.table(), "its ON CONFLICT … DO UPDATE rows go to " + tables.size() + " physical tables " + tables
                    + "; send one row per statement (a JDBC batch of the one-row statement does this)");
        }
        return tables.iterator().next();
    }

    private static ResultSet bindAndQuery(PreparedStatement ps, StatementParameters parameters) throws SQLException {
        parameters.bindAll(ps);
        return ps.executeQuery();
    }

    private static long bindAndUpdate(PreparedStatement ps, StatementParameters parameters) throws SQLException {
        parameters.bindAll(ps);
        return ps.executeUpdate(); // ShardingSphere has no executeLargeUpdate
    }

    private static List<RowImage> lockMatchingRows(Connection auth, WriteRequest request, StatementParameters parameters) throws SQLException {
        List<String> columns = keyColumns(request);
        return LockingRead.rows(auth, Dialect.MYSQL, request, columns, parameters,
                rs -> RowImageReader.keyImage(rs, request.table(), columns, Dialect.MYSQL));
    }

    /** Key images of the VALUES rows; empty when the primary key is left to the key generator. */
    private List<RowImage> insertedKeys(WriteRequest request, StatementParameters parameters) throws SQLException {
        StatementShape shape = request.shape();
        TableDefinition table = request.table();
        if (shape.insertColumns().isEmpty() && shape.insertRows().isEmpty()) {
            throw refuse(table, "the INSERT names no columns and has no VALUES; write INSERT INTO " + table.name() + " (columns…) VALUES (…)");
        }
        List<String> columns = keyColumns(request);
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
            out.add(keyOf(request, rows.get(r), parameters, keyColumns(request), generated.get(r)));
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
                        + "its primary and shard keys, so the statement must name every one of " + keyColumns(request));
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

    /** The columns an INSERT's VALUES fill: the ones it names, or (naming none) the table's columns in definition order, as PostgreSQL reads it. */
    private static List<String> insertColumns(WriteRequest request) {
        List<String> named = request.shape().insertColumns();
        return named.isEmpty() ? request.table().columns().stream().map(io.shardbridge.schema.ColumnDefinition::name).toList() : named;
    }

    private static List<String> keyColumns(WriteRequest request) {
        List<String> columns = new ArrayList<>(request.table().primaryKey());
        if (request.shardKey() != null && !columns.contains(request.shardKey())) {
            columns.add(request.shardKey());
        }
        return columns;
    }

    private static SQLFeatureNotSupportedException refuse(TableDefinition table, String why) {
        return new SQLFeatureNotSupportedException("cannot mirror this write on migrating table " + table.name() + " (the sharded target is "
                + "authoritative, so the rows it touches are found from the statement): " + why, "0A000");
    }
}
