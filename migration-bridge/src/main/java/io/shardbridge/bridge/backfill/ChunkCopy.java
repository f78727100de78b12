package io.shardbridge.bridge.backfill;

import io.shardbridge.bridge.mirror.MirrorTransaction;
import io.shardbridge.bridge.row.KeyBound;
import io.shardbridge.bridge.row.RoutedNames;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * One backfill chunk (DESIGN §6): a keyset chunk in primary-key order from the authoritative side, read
 * {@code FOR SHARE} (FOR UPDATE on MySQL) inside a transaction, written to the mirror as upserts by key,
 * the mirror committed, and only then the source released; then the mirror's rows in the range the
 * chunk covered that the source does not have are deleted ({@link StaleRows}).
 *
 * <p>Why a backfill can never overwrite a newer mirrored row with an older image: while the chunk is
 * on its way the source rows are share-locked, so a dual-writer of one of them waits until the chunk's
 * mirror transaction has committed, and its own mirror write lands after. A dual-writer that changed a
 * row before the chunk read it had committed on the source (the read waits for it), and its mirror row
 * lock is held until its mirror commit, so the chunk's upsert of that row waits for it and then writes
 * the same or a newer image. Rows inserted, changed or deleted after their chunk are dual-written. A
 * checkpoint is saved after each chunk commits ({@link TableRun}), so a restarted backfill resumes with
 * no gap.
 *
 * <p>A chunk is a transaction of the unit: a phase move waits for it, and it never runs across an
 * authority flip (it fails with its progress saved when the unit moved on).
 */
final class ChunkCopy {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChunkCopy.class);

    /** A key range whose stale rows a foreign key kept on the mirror until the referencing tables were copied. */
    private record DeferredPrune(StaleRows stale, RowImage lower, RowImage upper) {
    }

    private final DualWriteUnit unit;
    private final List<DeferredPrune> deferredPrunes = Collections.synchronizedList(new ArrayList<>());

    ChunkCopy(DualWriteUnit unit) {
        this.unit = unit;
    }

    /** One chunk: read under lock after {@code lastKey} (up to {@code end}), write to the mirror, commit the mirror, then release the source. */
    List<RowImage> copy(DataSource source, Dialect dialect, TableDefinition table, Side from, RowImage lastKey, RowImage end, int limit)
            throws SQLException {
        MigrationPhase phase = unit.state().enter();
        try {
            if (!phase.mirrorsWrites() || phase.authoritative() != from) {
                throw new SQLException("migration unit " + unit.state().name() + " moved to " + phase + " during the backfill of " + table.name()
                        + " from " + from.name().toLowerCase() + "; its progress is saved. Run the backfill again in a phase that mirrors writes: "
                        + "it copies from the side that is authoritative then.", "55000");
            }
            return copyPinned(source, dialect, table, from, lastKey, end, limit);
        } finally {
            unit.state().exit();
        }
    }

    /** After a chunk: the mirror's rows in the range it covered that the source does not have are deleted ({@link StaleRows}). */
    void prune(StaleRows stale, TableDefinition table, Side from, RowImage lower, RowImage upper, List<RowImage> rows) throws SQLException {
        MigrationPhase phase = unit.state().enter();
        try {
            if (!phase.mirrorsWrites() || phase.authoritative() != from) {
                throw new SQLException("migration unit " + unit.state().name() + " moved to " + phase + " during the backfill of " + table.name()
                        + "; its progress is saved. Run the backfill again in a phase that mirrors writes.", "55000");
            }
            int deleted;
            try {
                deleted = stale.prune(lower, upper, rows);
            } catch (SQLException e) {
                if (!"23503".equals(e.getSQLState())) {
                    throw e;
                }
                // a stale parent row still referenced by stale child rows: deleted after the children's tables (pruneDeferred)
                deferredPrunes.add(new DeferredPrune(stale, lower, upper));
                return;
            }
            if (deleted > 0) {
                LOG.debug("backfill of {}: {} row(s) on the mirror that the source does not have were deleted", table.name(), deleted);
            }
        } finally {
            unit.state().exit();
        }
    }

    /** The prunes a foreign key deferred, once every table is copied: tables were copied parents first, so stale rows go children first. */
    void pruneDeferred() throws SQLException {
        List<DeferredPrune> deferred = new ArrayList<>(deferredPrunes);
        Collections.reverse(deferred);
        for (DeferredPrune prune : deferred) {
            prune.stale().pruneReadingTheSource(prune.lower(), prune.upper());
        }
    }

    private List<RowImage> copyPinned(DataSource source, Dialect dialect, TableDefinition table, Side from, RowImage lastKey, RowImage end,
                                      int limit) throws SQLException {
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<RowImage> rows = new ArrayList<>(limit);
                List<KeyBound> bounds = new ArrayList<>(2);
                if (lastKey != null) {
                    bounds.add(KeyBound.of(dialect, table.primaryKey(), lastKey, true));
                }
                if (end != null) {
                    bounds.add(KeyBound.of(dialect, table.primaryKey(), end, false));
                }
                try (PreparedStatement ps = c.prepareStatement(chunkSql(dialect, table, bounds, limit))) {
                    int position = 1;
                    for (KeyBound bound : bounds) {
                        position = bound.bind(ps, position, dialect, table.name());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(RowImageReader.image(rs, table, dialect));
                        }
                    }
                }
                if (!rows.isEmpty()) {
                    // no key locks: the source rows stay share-locked until this mirror commit, which orders it against dual writes
                    try (MirrorTransaction tx = unit.mirrorFor(from).beginWithoutKeyLocks()) {
                        tx.copyUpserts(rows);
                        tx.commit();
                    }
                }
                c.commit();
                return rows;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * {@code SELECT * … [WHERE key > last [AND key <= end]] ORDER BY key LIMIT n FOR SHARE NOWAIT} (FOR UPDATE on
     * MySQL): the chunk never waits for a row lock, so it is never part of a deadlock ({@link LockContention}).
     */
    static String chunkSql(Dialect dialect, TableDefinition table, List<KeyBound> bounds, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(RoutedNames.name(dialect, table.name()));
        if (!bounds.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", bounds.stream().map(KeyBound::sql).toList()));
        }
        sql.append(" ORDER BY ").append(RoutedNames.names(dialect, table.primaryKey())).append(" LIMIT ").append(limit);
        sql.append(dialect == Dialect.POSTGRESQL ? " FOR SHARE NOWAIT" : " FOR UPDATE NOWAIT");
        return sql.toString();
    }
}
