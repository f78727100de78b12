package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.ShardLayout;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

/**
 * Key capture when the sharded target is authoritative (LIVE, RAMP_DOWN). ShardingSphere returns the
 * RETURNING rows of only the first physical table a statement reaches, so RETURNING through the router
 * is not exact; instead:
 * <ul>
 * <li>INSERT: the key values are in the statement (literals or parameters) or come back as
 * ShardingSphere's generated keys; the images are read by key at commit ({@link TargetInsertCapture}).</li>
 * <li>INSERT … ON CONFLICT (other unique key) DO UPDATE on PostgreSQL shards: the row it updates is
 * not the one it names, so it runs like an UPDATE below, with {@code RETURNING *} on the one physical
 * table its rows route to; allowed only when the conflict target holds the shard key, the case in which
 * that physical table's unique index decides exactly what legacy's whole-table index would.</li>
 * <li>UPDATE and DELETE on PostgreSQL shards: the statement runs with {@code RETURNING *} on each
 * physical table it can reach ({@link ShardReturningCapture}).</li>
 * <li>UPDATE and DELETE on MySQL shards (no RETURNING): the statement's WHERE clause first runs as
 * {@code SELECT key … FOR UPDATE}, and the write names exactly the locked rows ({@link MysqlShardLockedCapture}).</li>
 * </ul>
 * Each of those says why it is exact. This class picks one per statement and refuses what none can capture.
 */
final class TargetCapture implements WriteCapture {
    private final TargetConfig target;
    private final TargetInsertCapture inserts;
    private final ShardReturningCapture returning;
    private final MysqlShardLockedCapture locked;

    TargetCapture(TargetConfig target, String generatedKeyColumn) {
        this.target = target;
        this.inserts = new TargetInsertCapture(generatedKeyColumn);
        this.returning = new ShardReturningCapture(target);
        this.locked = new MysqlShardLockedCapture(target);
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
        List<StatementParameters> sets = request.prepared() ? request.parameterSets() : Collections.singletonList(null);
        long[] counts = new long[sets.size()];
        CallerRows rows = new CallerRows();
        pending.intentsMissing(); // on the target they are written at commit, on the shard that holds each row
        if (shape.hasReturning() && request.batch()) {
            throw refuse(table, "a batch of statements with RETURNING is not supported; execute them one by one");
        }
        for (int i = 0; i < sets.size(); i++) {
            StatementParameters parameters = sets.get(i);
            if (upsertByOtherKey && target.dialect() == Dialect.POSTGRESQL) {
                // the row it updates may not be the one it names: take the images from the statement's own RETURNING
                counts[i] = returning.execute(auth, request, parameters, pending, rows);
            } else if (shape.kind() == StatementKind.INSERT) {
                counts[i] = inserts.execute(auth, request, parameters, pending, rows);
            } else if (target.dialect() == Dialect.POSTGRESQL) {
                counts[i] = returning.execute(auth, request, parameters, pending, rows);
            } else {
                counts[i] = locked.execute(auth, request, parameters, pending);
            }
        }
        return new CaptureResult(rows.returned == null ? null : rows.returned.toResultSet(), counts,
                rows.generatedKeys == null ? null : rows.generatedKeys.toResultSet());
    }

    /** What the caller gets back beside the counts, gathered over the statement's parameter sets. */
    static final class CallerRows {
        /** The rows of the caller's own RETURNING clause, or null. */
        ResultRows returned;
        /** The generated keys the caller asked for, or null. */
        ResultRows generatedKeys;

        /** The RETURNING rows, shaped like {@code rs} on first use. */
        ResultRows returning(ResultSet rs) throws SQLException {
            if (returned == null) {
                returned = ResultRows.columnsOf(rs.getMetaData(), null);
            }
            return returned;
        }
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

    /** Whether an upsert's conflict target is the primary key (then the row it updates is the one it names). */
    private static boolean onKeyColumns(WriteRequest request) {
        return new HashSet<>(request.shape().syntax().conflictTarget()).equals(new HashSet<>(request.table().primaryKey()));
    }

    /** The table's layout over the shards, or null for a broadcast table (a copy on every shard). */
    static ShardLayout layout(TargetConfig target, TableDefinition table) {
        return target.table(table.name()).map(rule -> new ShardLayout(rule, target.shardNames())).orElse(null);
    }

    /** The columns an INSERT's VALUES fill: the ones it names, or (naming none) the table's columns in definition order, as PostgreSQL reads it. */
    static List<String> insertColumns(WriteRequest request) {
        List<String> named = request.shape().insertColumns();
        return named.isEmpty() ? request.table().columns().stream().map(io.shardbridge.schema.ColumnDefinition::name).toList() : named;
    }

    static SQLFeatureNotSupportedException refuse(TableDefinition table, String why) {
        return new SQLFeatureNotSupportedException("cannot mirror this write on migrating table " + table.name() + " (the sharded target is "
                + "authoritative, so the rows it touches are found from the statement): " + why, "0A000");
    }
}
