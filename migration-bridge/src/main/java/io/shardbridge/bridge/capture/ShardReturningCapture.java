package io.shardbridge.bridge.capture;

import static io.shardbridge.bridge.capture.TargetCapture.refuse;

import io.shardbridge.bridge.capture.PendingChanges.Deleted;
import io.shardbridge.bridge.capture.PendingChanges.KeyOnly;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.sql.SqlEdits;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.bridge.sql.StatementShape.ValueSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.TableRule;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sharding.shardingsphere.TransactionConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL shards: the caller's UPDATE, DELETE, or INSERT … ON CONFLICT (other unique key) DO UPDATE
 * runs with {@code RETURNING *} on each physical table it can reach (one, when the WHERE clause pins the
 * shard key; for the upsert, the one its VALUES rows route to), on the very connection the router uses for
 * that shard in this transaction. Exact for the reason RETURNING is exact on legacy: the server reports
 * the rows the statement changed, within the statement. An UPDATE that assigns a key column runs in the
 * locked form of {@link KeyMoves}, which returns the old keys beside each new image; the rows whose new
 * shard key belongs elsewhere are moved only after every physical table ran, so no row is written twice.
 */
final class ShardReturningCapture {
    private final TargetConfig target;

    ShardReturningCapture(TargetConfig target) {
        this.target = target;
    }

    /** The statement with RETURNING on each physical table it can reach, in the router's transaction; returns its count. */
    long execute(Connection routing, WriteRequest request, StatementParameters parameters, PendingChanges pending,
                 TargetCapture.CallerRows rows) throws SQLException {
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
        List<String> keyColumns = KeyMoves.keyColumns(request).stream().filter(c -> full || returning.contains(c)).toList();
        boolean moving = KeyMoves.assignsKey(request);
        ShardLayout layout = TargetCapture.layout(target, table);
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
                    ResultRows returned = callers ? rows.returning(rs) : null;
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
                        if (returned != null) {
                            returned.addCurrentRow(rs);
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

    /** The physical tables a statement can touch: the one its shard-key equality names, or all of them. */
    private List<PhysicalTable> reachable(WriteRequest request, StatementParameters parameters) throws SQLException {
        String name = request.table().name();
        Optional<TableRule> rule = target.table(name);
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
    private static PhysicalTable insertedRowsTable(WriteRequest request, StatementParameters parameters, ShardLayout layout, String shardKey)
            throws SQLException {
        int at = TargetCapture.insertColumns(request).indexOf(shardKey);
        Set<PhysicalTable> tables = new LinkedHashSet<>();
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
}
