package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.capture.PendingChanges.Deleted;
import io.shardbridge.bridge.capture.PendingChanges.KeyOnly;
import io.shardbridge.bridge.capture.PendingChanges.Known;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.sql.SqlEdits;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.config.Dialect;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Key capture on legacy PostgreSQL by {@code RETURNING}. Why it is exact: the server reports the rows the
 * statement itself changed, in the state it left them, within the statement — serial ids, defaults,
 * {@code now()} and BEFORE triggers already applied, and no moment in which another transaction could
 * change which rows match. So every row the statement touched is recorded, and nothing else.
 *
 * <p>When the caller wrote no RETURNING, {@code RETURNING *} is appended and the full post-images
 * come back with the statement (no second read). When the caller wrote one, it must name the primary
 * key (or {@code *}); those rows are kept in memory for the caller and the images are read by key at
 * commit.
 */
final class ReturningCapture implements WriteCapture {
    ReturningCapture() {
    }

    @Override
    public CaptureResult execute(Connection auth, WriteRequest request, PendingChanges pending) throws SQLException {
        if (KeyMoves.assignsKey(request)) {
            return movingUpdate(auth, request, pending);
        }
        if (request.shape().hasReturning()) {
            pending.intentsMissing();
            return withCallersReturning(auth, request, pending);
        }
        if (request.batch()) {
            pending.intentsMissing();
            return nativeBatch(auth, request, pending);
        }
        String sql = IntentWritingSql.wrap(request, pending.txn());
        boolean bindToken = sql != null && request.prepared();
        if (sql == null) {
            pending.intentsMissing();
            sql = withReturningAll(request);
        }
        StatementParameters parameters = request.prepared() ? request.parameterSets().get(0) : null;
        ResultRows keys = null;
        long count;
        try (Statement st = parameters == null ? auth.createStatement() : auth.prepareStatement(sql)) {
            request.settings().applyTo(st);
            ResultSet rs;
            if (st instanceof PreparedStatement ps) {
                parameters.bindAll(ps);
                if (bindToken) {
                    IntentWritingSql.bindToken(ps, request, pending.txn());
                }
                rs = ps.executeQuery();
            } else {
                rs = st.executeQuery(sql);
            }
            try (rs) {
                if (request.keys().any()) {
                    keys = ResultRows.columnsOf(rs.getMetaData(), request.keys().all() ? null : request.keys().columns());
                }
                count = recordAll(rs, request, pending, true, keys);
            }
        }
        long[] counts = {count};
        return new CaptureResult(null, counts, keys == null ? null : keys.toResultSet());
    }

    /**
     * An UPDATE that assigns a key column: the old keys come back beside the new images, from the
     * statement itself (see {@link KeyMoves}); each execution of a batch runs alone.
     */
    private CaptureResult movingUpdate(Connection auth, WriteRequest request, PendingChanges pending) throws SQLException {
        String moving = KeyMoves.postgresMovingUpdate(request, null);
        // the new keys' intents in the same statement; a changed primary key also needs its old key's, written at commit
        boolean primaryKeyAssigned = request.table().primaryKey().stream().anyMatch(request.shape().assignments()::containsKey);
        int trailing = request.sql().length() - request.shape().syntax().end(); // a trailing ; or comment stays outside the WITH
        String sql = primaryKeyAssigned ? null : IntentWritingSql.around(request, pending.txn(), moving.substring(0, moving.length() - trailing));
        boolean bindToken = sql != null && request.prepared();
        if (sql == null) {
            pending.intentsMissing();
            sql = moving;
        }
        List<StatementParameters> sets = request.prepared() ? request.parameterSets() : java.util.Collections.singletonList(null);
        long[] counts = new long[sets.size()];
        for (int i = 0; i < sets.size(); i++) {
            try (PreparedStatement ps = auth.prepareStatement(sql)) {
                request.settings().applyTo(ps);
                if (sets.get(i) != null) {
                    sets.get(i).bindAll(ps);
                }
                if (bindToken) {
                    IntentWritingSql.bindToken(ps, request, pending.txn());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        KeyMoves.record(pending, request, KeyMoves.oldKeys(rs, request, Dialect.POSTGRESQL),
                                RowImageReader.image(rs, request.table(), Dialect.POSTGRESQL));
                        counts[i]++;
                    }
                }
            }
        }
        return new CaptureResult(null, counts, null);
    }

    /** pgjdbc runs a batch with RETURNING * itself when asked for generated keys and hands all rows back. */
    private CaptureResult nativeBatch(Connection auth, WriteRequest request, PendingChanges pending) throws SQLException {
        try (PreparedStatement ps = auth.prepareStatement(request.sql(), Statement.RETURN_GENERATED_KEYS)) {
            request.settings().applyTo(ps);
            for (StatementParameters parameters : request.parameterSets()) {
                parameters.bindAll(ps);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            ResultRows keys = null;
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (request.keys().any()) {
                    keys = ResultRows.columnsOf(rs.getMetaData(), request.keys().all() ? null : request.keys().columns());
                }
                recordAll(rs, request, pending, true, keys);
            }
            long[] out = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                out[i] = counts[i];
            }
            return new CaptureResult(null, out, keys == null ? null : keys.toResultSet());
        }
    }

    private CaptureResult withCallersReturning(Connection auth, WriteRequest request, PendingChanges pending) throws SQLException {
        List<String> returning = request.shape().returning();
        TableDefinition table = request.table();
        boolean full = returning.contains("*");
        if (!full && !returning.containsAll(table.primaryKey())) {
            throw new SQLFeatureNotSupportedException("table " + table.name() + " is migrating and its writes are mirrored by primary key, but this "
                    + "statement's RETURNING list does not include the primary key " + table.primaryKey() + "; add "
                    + String.join(", ", table.primaryKey()) + " to RETURNING", "0A000");
        }
        if (request.batch()) {
            throw new SQLFeatureNotSupportedException("a batch of statements with RETURNING on migrating table " + table.name()
                    + " is not supported; execute them one by one", "0A000");
        }
        try (Statement st = request.prepared() ? auth.prepareStatement(request.sql()) : auth.createStatement()) {
            request.settings().applyTo(st);
            ResultSet rs;
            if (st instanceof PreparedStatement ps) {
                request.parameterSets().get(0).bindAll(ps);
                rs = ps.executeQuery();
            } else {
                rs = st.executeQuery(request.sql());
            }
            try (rs) {
                ResultSet copy = ResultRows.copyOf(rs);
                List<String> keyColumns = new ArrayList<>(table.primaryKey());
                if (request.shardKey() != null && !keyColumns.contains(request.shardKey()) && returning.contains(request.shardKey())) {
                    keyColumns.add(request.shardKey());
                }
                long count = 0;
                while (copy.next()) {
                    RowImage image = full ? RowImageReader.image(copy, table, Dialect.POSTGRESQL) : RowImageReader.keyImage(copy, table, keyColumns, Dialect.POSTGRESQL);
                    record(request.shape().kind(), image, full, pending, table);
                    count++;
                }
                copy.beforeFirst();
                return new CaptureResult(copy, new long[] {count}, null);
            }
        }
    }

    private static long recordAll(ResultSet rs, WriteRequest request, PendingChanges pending, boolean full, ResultRows keys) throws SQLException {
        long count = 0;
        while (rs.next()) {
            record(request.shape().kind(), RowImageReader.image(rs, request.table(), Dialect.POSTGRESQL), full, pending, request.table());
            if (keys != null) {
                keys.addCurrentRow(rs);
            }
            count++;
        }
        return count;
    }

    private static void record(StatementKind kind, RowImage image, boolean full, PendingChanges pending, TableDefinition table) {
        PendingChanges.Pending p = kind == StatementKind.DELETE ? new Deleted(image) : full ? new Known(image) : new KeyOnly(image);
        pending.record(table.primaryKey(), p);
    }

    /**
     * The caller's statement with {@code RETURNING} of the written table's whole row after its last token
     * (before a trailing {@code ;} or comment). UPDATE and DELETE return {@code <table or alias>.*}, not
     * {@code *}: an UPDATE … FROM or DELETE … USING would otherwise return the other tables' columns too,
     * with names shared between them.
     */
    static String withReturningAll(WriteRequest request) {
        return SqlEdits.withReturning(request.sql(), request.shape(), returningAllList(request.shape()));
    }

    static String returningAllList(StatementShape shape) {
        String reference = shape.syntax().reference();
        if (shape.kind() == StatementKind.INSERT || reference == null) {
            return "*";
        }
        return (reference.matches("[a-z_][a-z0-9_]*") || reference.startsWith("\"") ? reference : Dialect.POSTGRESQL.quote(reference)) + ".*";
    }
}
