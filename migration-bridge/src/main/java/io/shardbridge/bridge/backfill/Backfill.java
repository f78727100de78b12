package io.shardbridge.bridge.backfill;

import io.shardbridge.bridge.backfill.BackfillCheckpoints.Checkpoint;
import io.shardbridge.bridge.capture.KeyBound;
import io.shardbridge.bridge.capture.RoutedNames;
import io.shardbridge.bridge.capture.RowImageReader;
import io.shardbridge.bridge.dualwrite.DualWriteUnit;
import io.shardbridge.bridge.dualwrite.KeyCodec;
import io.shardbridge.bridge.mirror.MirrorTransaction;
import io.shardbridge.bridge.mirror.RowImage;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Copies the rows a unit's mirror does not have yet (DESIGN §6): keyset chunks in primary-key order
 * from the authoritative side, each read {@code FOR SHARE} (FOR UPDATE on MySQL) inside a transaction,
 * written to the mirror as upserts by key, the mirror committed, and only then the source released.
 *
 * <p>Why a backfill can never overwrite a newer mirrored row with an older image: while the chunk is
 * on its way the source rows are share-locked, so a dual-writer of one of them waits until the chunk's
 * mirror transaction has committed, and its own mirror write lands after. A dual-writer that changed a
 * row before the chunk read it had committed on the source (the read waits for it), and its mirror row
 * lock is held until its mirror commit, so the chunk's upsert of that row waits for it and then writes
 * the same or a newer image. Rows inserted, changed or deleted after their chunk are dual-written. A
 * checkpoint is saved after each chunk commits, so a restarted backfill resumes with no gap.
 */
public final class Backfill {
    /** Where a running backfill stands, after each chunk. */
    public record Progress(String unit, String table, long rowsCopied, long rowsEstimated, double rowsPerSecond, Duration eta) {
    }

    /** Told after each committed chunk; throwing stops the backfill there (its checkpoint is saved). */
    @FunctionalInterface
    public interface Listener {
        void chunkCommitted(Progress progress) throws Exception;
    }

    /** What a backfill run copied. */
    public record Result(String unit, Side into, Map<String, Long> rowsCopiedByTable, Duration took) {
        public long rowsCopied() {
            return rowsCopiedByTable.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final DualWriteUnit unit;
    private final DataSource legacy;
    private final DataSource target;
    private final Dialect targetDialect;
    private final BackfillCheckpoints checkpoints;
    private Duration chunkTarget = Duration.ofMillis(500);
    private int initialChunk = 1000;
    private boolean restart;

    public Backfill(DualWriteUnit unit, DataSource legacy, DataSource targetRouting, Dialect targetDialect, DataSource control) {
        this.unit = unit;
        this.legacy = legacy;
        this.target = targetRouting;
        this.targetDialect = targetDialect;
        this.checkpoints = new BackfillCheckpoints(control);
    }

    /** How long one chunk should take (default 0.5 s); the chunk size adapts to it. */
    public Backfill chunkTarget(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("chunk target must be positive, was " + value);
        }
        this.chunkTarget = value;
        return this;
    }

    /** Rows in the first chunk (default 1000). */
    public Backfill initialChunk(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("initial chunk must be at least 1 row, was " + rows);
        }
        this.initialChunk = rows;
        return this;
    }

    /** Ignore saved checkpoints and copy every row again (default: resume). */
    public Backfill restart(boolean value) {
        this.restart = value;
        return this;
    }

    public Result run(Listener listener) throws SQLException {
        MigrationPhase phase = unit.state().phase();
        if (!phase.mirrorsWrites()) {
            throw new SQLException("migration unit " + unit.state().name() + " is at " + phase + ": a backfill copies into the side that receives "
                    + "mirrored writes, so it runs from DUAL_WRITE to RAMP_DOWN. Move the unit to " + (phase == MigrationPhase.LEGACY_ONLY
                    ? "DUAL_WRITE" : "RAMP_DOWN") + " first, then run the backfill.", "55000");
        }
        Side from = phase.authoritative();
        Side into = from == Side.LEGACY ? Side.TARGET : Side.LEGACY;
        checkpoints.createTable();
        long started = System.nanoTime();
        Map<String, Long> copied = new LinkedHashMap<>();
        for (String table : unit.state().tables()) {
            TableDefinition definition = unit.table(table);
            String reason = unit.state().unmirrorableReason(table);
            if (definition == null || reason != null) {
                throw new SQLException("cannot backfill table " + table + ": " + reason, "0A000");
            }
            copied.put(table, copyTable(definition, from, into, listener));
        }
        return new Result(unit.state().name(), into, copied, Duration.ofNanos(System.nanoTime() - started));
    }

    private long copyTable(TableDefinition table, Side from, Side into, Listener listener) throws SQLException {
        String name = unit.state().name();
        if (restart) {
            checkpoints.reset(name, table.name(), into);
        }
        Checkpoint checkpoint = checkpoints.read(name, table.name(), into).orElse(new Checkpoint(null, 0, false));
        if (checkpoint.done()) {
            return 0;
        }
        Dialect dialect = from == Side.LEGACY ? Dialect.POSTGRESQL : targetDialect;
        DataSource source = from == Side.LEGACY ? legacy : target;
        long estimated = estimateRows(source, dialect, table);
        ChunkSizer sizer = new ChunkSizer(chunkTarget, initialChunk, 10, 50_000);
        RowImage lastKey = checkpoint.lastKey() == null ? null : KeyCodec.decode(table, checkpoint.lastKey());
        long total = checkpoint.rowsCopied();
        long copiedThisRun = 0;
        long runStarted = System.nanoTime();
        while (true) {
            long chunkStarted = System.nanoTime();
            int limit = sizer.size();
            List<RowImage> rows = copyChunk(source, dialect, table, from, lastKey, limit);
            if (rows.isEmpty()) {
                break;
            }
            lastKey = rows.get(rows.size() - 1).project(table.primaryKey());
            total += rows.size();
            copiedThisRun += rows.size();
            checkpoints.save(name, table.name(), into, new Checkpoint(KeyCodec.encode(lastKey), total, false));
            sizer.observed(rows.size(), System.nanoTime() - chunkStarted);
            double seconds = Math.max(1e-9, (System.nanoTime() - runStarted) / 1e9);
            double rate = copiedThisRun / seconds;
            long left = Math.max(0, estimated - total);
            Progress progress = new Progress(name, table.name(), total, Math.max(estimated, total), rate,
                    Duration.ofMillis(rate > 0 ? (long) (left / rate * 1000) : 0));
            unit.meters().backfillProgress(table.name(), total, rate);
            try {
                listener.chunkCommitted(progress);
            } catch (Exception e) {
                throw new SQLException("backfill of " + table.name() + " stopped by its listener after " + total
                        + " rows; run it again to resume from the last chunk", "57014", e);
            }
            if (rows.size() < limit) {
                break;
            }
        }
        checkpoints.save(name, table.name(), into, new Checkpoint(lastKey == null ? null : KeyCodec.encode(lastKey), total, true));
        return copiedThisRun;
    }

    /** One chunk: read under lock after {@code lastKey}, write to the mirror, commit the mirror, then release the source. */
    private List<RowImage> copyChunk(DataSource source, Dialect dialect, TableDefinition table, Side from, RowImage lastKey, int limit)
            throws SQLException {
        // a chunk is a transaction of the unit: a phase move waits for it, and it never runs across an authority flip
        MigrationPhase phase = unit.state().enter();
        try {
            if (!phase.mirrorsWrites() || phase.authoritative() != from) {
                throw new SQLException("migration unit " + unit.state().name() + " moved to " + phase + " during the backfill of " + table.name()
                        + " from " + from.name().toLowerCase() + "; its progress is saved. Run the backfill again in a phase that mirrors writes: "
                        + "it copies from the side that is authoritative then.", "55000");
            }
            return copyChunkPinned(source, dialect, table, from, lastKey, limit);
        } finally {
            unit.state().exit();
        }
    }

    private List<RowImage> copyChunkPinned(DataSource source, Dialect dialect, TableDefinition table, Side from, RowImage lastKey, int limit)
            throws SQLException {
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<RowImage> rows = new ArrayList<>(limit);
                KeyBound after = lastKey == null ? null : KeyBound.of(dialect, table.primaryKey(), lastKey, true);
                try (PreparedStatement ps = c.prepareStatement(chunkSql(dialect, table, after, limit))) {
                    if (after != null) {
                        after.bind(ps, 1, dialect, table.name());
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

    /** {@code SELECT * … [WHERE key > last] ORDER BY key LIMIT n FOR SHARE} (FOR UPDATE on MySQL). */
    static String chunkSql(Dialect dialect, TableDefinition table, KeyBound after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(RoutedNames.name(dialect, table.name()));
        if (after != null) {
            sql.append(" WHERE ").append(after.sql());
        }
        sql.append(" ORDER BY ").append(RoutedNames.names(dialect, table.primaryKey())).append(" LIMIT ").append(limit);
        sql.append(dialect == Dialect.POSTGRESQL ? " FOR SHARE" : " FOR UPDATE");
        return sql.toString();
    }

    /** The planner's estimate on PostgreSQL (instant even on huge tables), a count elsewhere. */
    private static long estimateRows(DataSource source, Dialect dialect, TableDefinition table) throws SQLException {
        try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
            if (dialect == Dialect.POSTGRESQL && source != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
                    ps.setString(1, table.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getLong(1) > 0) {
                            return rs.getLong(1);
                        }
                    }
                } catch (SQLException e) {
                    // through the router (PostgreSQL shards) the catalog is not reachable: count instead
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + RoutedNames.name(dialect, table.name()))) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
