package io.shardbridge.bridge.capture;

import io.shardbridge.bridge.capture.PendingChanges.Deleted;
import io.shardbridge.bridge.capture.PendingChanges.KeyOnly;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.sql.StatementKind;
import io.shardbridge.bridge.sql.StatementShape.ValueSource;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import io.shardbridge.sharding.ShardLayout;
import io.shardbridge.sharding.shardingsphere.TransactionConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MySQL shards (no RETURNING): an UPDATE or DELETE's WHERE clause first runs as {@code SELECT key … FOR
 * UPDATE}, then the write names exactly the locked rows by key. Exact because InnoDB, at its default
 * REPEATABLE READ, takes next-key locks for a locking read: no other transaction can insert, change or
 * delete a matching row until this one ends, so the write touches exactly the locked rows (or a subset,
 * which the re-read resolves); and since the write names the locked keys instead of repeating the WHERE
 * clause, a row committed between the two statements at READ COMMITTED is left alone rather than written
 * uncaptured (see {@link KeyMoves}). An UPDATE that assigns a key column cannot go through the router at
 * all; it runs on each physical table that holds locked rows, and the new images are read back there.
 */
final class MysqlShardLockedCapture {
    private final TargetConfig target;

    MysqlShardLockedCapture(TargetConfig target) {
        this.target = target;
    }

    /** Locks the rows the statement's WHERE clause matches, writes exactly those, and records them; returns the count. */
    long execute(Connection auth, WriteRequest request, StatementParameters parameters, PendingChanges pending) throws SQLException {
        List<RowImage> locked = lockMatchingRows(auth, request, parameters);
        if (KeyMoves.assignsKey(request)) {
            return movingUpdate(auth, request, parameters, locked, pending);
        }
        long count = lockedWrite(auth, request, parameters, locked);
        TableDefinition table = request.table();
        for (RowImage key : locked) {
            pending.record(table.primaryKey(), request.shape().kind() == StatementKind.DELETE ? new Deleted(key) : new KeyOnly(key));
        }
        return count;
    }

    private static List<RowImage> lockMatchingRows(Connection auth, WriteRequest request, StatementParameters parameters) throws SQLException {
        List<String> columns = KeyMoves.keyColumns(request);
        return LockingRead.rows(auth, Dialect.MYSQL, request, columns, parameters,
                rs -> RowImageReader.keyImage(rs, request.table(), columns, Dialect.MYSQL));
    }

    /** The caller's UPDATE or DELETE through the router, naming exactly the locked rows (see {@link KeyMoves}). */
    private static long lockedWrite(Connection routing, WriteRequest request, StatementParameters parameters, List<RowImage> locked)
            throws SQLException {
        KeyMoves.Routed routed = KeyMoves.routedLocked(request, locked);
        try (PreparedStatement ps = routing.prepareStatement(routed.sql())) {
            request.settings().applyTo(ps);
            routed.bind(ps, parameters);
            return ps.executeUpdate();
        }
    }

    /**
     * An UPDATE that assigns a key column: ShardingSphere refuses to route it, so it runs on each physical
     * table that holds locked rows, naming exactly those rows (see {@link KeyMoves}); the new images are
     * read there, and rows whose new shard key belongs elsewhere are moved.
     */
    private long movingUpdate(Connection routing, WriteRequest request, StatementParameters parameters, List<RowImage> locked,
                              PendingChanges pending) throws SQLException {
        TableDefinition table = request.table();
        ShardLayout layout = TargetCapture.layout(target, table);
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
}
