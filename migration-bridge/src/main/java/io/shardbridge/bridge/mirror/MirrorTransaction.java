package io.shardbridge.bridge.mirror;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.bridge.mirror.MirrorSide.Target;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.PhysicalTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One open transaction on the mirror side, spanning whichever databases the images route to. DESIGN §5:
 * images are applied here while the authoritative transaction still holds its row locks; the caller
 * commits the authoritative side first, then {@link #commit()} this one. A failure between the two
 * leaves intents behind for the repairer, so nothing committed is lost. Every connection carries the
 * mirror timeout as its network timeout, so a hung mirror costs the caller at most that long.
 */
public final class MirrorTransaction implements AutoCloseable {
    private static final java.util.concurrent.Executor DIRECT = Runnable::run;
    private final MirrorSide mirror;
    private final Map<String, Connection> open = new LinkedHashMap<>();
    private boolean finished;

    MirrorTransaction(MirrorSide mirror) {
        this.mirror = mirror;
    }

    /** Applies the changes in order, batching consecutive changes that use the same statement. */
    public void apply(List<RowChange> changes) throws SQLException {
        if (mirror.dialect() == io.shardbridge.config.Dialect.POSTGRESQL) {
            lockDeletedKeys(changes);
        }
        String currentSql = null;
        String currentDb = null;
        PreparedStatement batch = null;
        try {
            for (RowChange change : changes) {
                for (Placed placed : place(change)) {
                    if (!placed.sql.equals(currentSql) || !placed.database.equals(currentDb)) {
                        flush(batch);
                        batch = connection(placed.database).prepareStatement(placed.sql);
                        currentSql = placed.sql;
                        currentDb = placed.database;
                    }
                    placed.bind(batch, mirror.dialect());
                    batch.addBatch();
                }
            }
            flush(batch);
        } finally {
            if (batch != null) {
                batch.close();
            }
        }
    }

    /** PostgreSQL: advisory locks on the keys about to be deleted, in a statement of their own (see {@link MirrorStatements}). */
    private void lockDeletedKeys(List<RowChange> changes) throws SQLException {
        Map<String, List<Long>> byDatabase = new LinkedHashMap<>();
        for (RowChange change : changes) {
            if (change instanceof RowChange.Delete) {
                TableDefinition table = mirror.target(change.image().table()).definition();
                long key = MirrorStatements.lockKey(table, change.image());
                for (PhysicalTable physical : mirror.target(change.image().table()).physicalTablesFor(change.image(), false)) {
                    List<Long> keys = byDatabase.computeIfAbsent(physical.shard(), d -> new ArrayList<>());
                    if (!keys.contains(key)) {
                        keys.add(key);
                    }
                }
            }
        }
        for (Map.Entry<String, List<Long>> e : byDatabase.entrySet()) {
            Connection c = connection(e.getKey());
            try (PreparedStatement ps = c.prepareStatement(MirrorStatements.LOCK_KEYS)) {
                ps.setArray(1, c.createArrayOf("bigint", e.getValue().toArray()));
                ps.executeQuery().close();
            }
        }
    }

    private static void flush(PreparedStatement batch) throws SQLException {
        if (batch != null && !batch.isClosed()) {
            batch.executeBatch();
            batch.close();
        }
    }

    /** Inserts the row or overwrites it with this image (by primary key). */
    public void upsert(RowImage image) throws SQLException {
        apply(List.of(new RowChange.Upsert(image)));
    }

    /** Deletes the row with this image's primary key (routed by its shard key when the image has one). */
    public void delete(RowImage keyImage) throws SQLException {
        apply(List.of(new RowChange.Delete(keyImage)));
    }

    /** @param lockKey the advisory lock key bound after the columns (PostgreSQL upserts), or null */
    private record Placed(String database, String sql, TableDefinition table, List<String> columns, RowImage image, Long lockKey) {
        void bind(PreparedStatement ps, io.shardbridge.config.Dialect dialect) throws SQLException {
            for (int i = 0; i < columns.size(); i++) {
                MirrorValues.bind(ps, i + 1, image.get(columns.get(i)), dialect, table.name(), columns.get(i));
            }
            if (lockKey != null) {
                ps.setLong(columns.size() + 1, lockKey);
            }
        }
    }

    private List<Placed> place(RowChange change) {
        RowImage image = change.image();
        Target target = mirror.target(image.table());
        TableDefinition table = target.definition();
        List<Placed> out = new ArrayList<>(1);
        if (change instanceof RowChange.Upsert) {
            List<String> columns = new ArrayList<>(image.values().keySet());
            Long lockKey = mirror.dialect() == io.shardbridge.config.Dialect.POSTGRESQL ? MirrorStatements.lockKey(table, image) : null;
            for (PhysicalTable physical : target.physicalTablesFor(image, true)) {
                out.add(new Placed(physical.shard(), MirrorStatements.upsert(mirror.dialect(), table, physical.table(), columns), table, columns,
                        image, lockKey));
            }
        } else {
            for (String key : table.primaryKey()) {
                if (!image.has(key)) {
                    throw new ShardbridgeException("table " + table.name() + ": a delete image needs primary-key column " + key);
                }
            }
            for (PhysicalTable physical : target.physicalTablesFor(image, false)) {
                out.add(new Placed(physical.shard(), MirrorStatements.deleteByKey(mirror.dialect(), table, physical.table()), table,
                        table.primaryKey(), image, null));
            }
        }
        return out;
    }

    public void commit() throws SQLException {
        finish(true);
    }

    public void rollback() throws SQLException {
        finish(false);
    }

    /** Rolls back unless committed. */
    @Override
    public void close() throws SQLException {
        if (!finished) {
            finish(false);
        }
    }

    private Connection connection(String database) throws SQLException {
        if (finished) {
            throw new IllegalStateException("mirror transaction already finished");
        }
        Connection c = open.get(database);
        if (c == null) {
            c = mirror.dataSource(database).getConnection();
            try {
                c.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, mirror.timeout().toMillis()));
                c.setAutoCommit(false);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            open.put(database, c);
        }
        return c;
    }

    /** Commits (or rolls back) every database; closes every connection even when one of them fails. */
    private void finish(boolean commit) throws SQLException {
        finished = true;
        SQLException first = null;
        for (Connection c : open.values()) {
            try {
                if (commit) {
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (SQLException e) {
                first = first == null ? e : first;
            } finally {
                try {
                    c.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
