package io.shardbridge.bridge.mirror;

import io.shardbridge.ShardbridgeException;
import io.shardbridge.bridge.mirror.ShardMirror.Target;
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
 * One open transaction on the mirror side, spanning whichever shards the images route to. DESIGN §5:
 * images are applied here while the authoritative transaction still holds its row locks; the caller
 * commits the authoritative side first, then {@link #commit()} this one. A failure between the two
 * leaves intents behind for the repairer, so nothing committed is lost.
 */
public final class MirrorTransaction implements AutoCloseable {
    private final ShardMirror mirror;
    private final Map<String, Connection> open = new LinkedHashMap<>();
    private boolean finished;

    MirrorTransaction(ShardMirror mirror) {
        this.mirror = mirror;
    }

    /** Inserts the row or overwrites it with this image (by primary key). */
    public void upsert(RowImage image) throws SQLException {
        Target target = mirror.target(image.table());
        TableDefinition table = target.definition();
        List<String> columns = new ArrayList<>(image.values().keySet());
        for (PhysicalTable physical : target.physicalTablesFor(image, true)) {
            try (PreparedStatement ps = connection(physical.shard()).prepareStatement(
                    MirrorStatements.upsert(mirror.dialect(), table, physical.table(), columns))) {
                for (int i = 0; i < columns.size(); i++) {
                    MirrorValues.bind(ps, i + 1, image.get(columns.get(i)), mirror.dialect(), table.name(), columns.get(i));
                }
                ps.executeUpdate();
            }
        }
    }

    /** Deletes the row with this image's primary key (routed by its shard key when the image has one). */
    public void delete(RowImage keyImage) throws SQLException {
        Target target = mirror.target(keyImage.table());
        TableDefinition table = target.definition();
        for (String key : table.primaryKey()) {
            if (!keyImage.has(key)) {
                throw new ShardbridgeException("table " + table.name() + ": a delete image needs primary-key column " + key);
            }
        }
        for (PhysicalTable physical : target.physicalTablesFor(keyImage, false)) {
            try (PreparedStatement ps = connection(physical.shard()).prepareStatement(
                    MirrorStatements.deleteByKey(mirror.dialect(), table, physical.table()))) {
                for (int i = 0; i < table.primaryKey().size(); i++) {
                    String column = table.primaryKey().get(i);
                    MirrorValues.bind(ps, i + 1, keyImage.get(column), mirror.dialect(), table.name(), column);
                }
                ps.executeUpdate();
            }
        }
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

    private Connection connection(String shard) throws SQLException {
        if (finished) {
            throw new IllegalStateException("mirror transaction already finished");
        }
        Connection c = open.get(shard);
        if (c == null) {
            c = mirror.shardDataSource(shard).getConnection();
            c.setAutoCommit(false);
            open.put(shard, c);
        }
        return c;
    }

    /** Commits (or rolls back) every shard; closes every connection even when one of them fails. */
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
