package io.shardbridge.bridge.dualwrite;

import io.shardbridge.bridge.row.KeyCodec;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.mirror.MirrorSide;
import io.shardbridge.bridge.mirror.MirrorTransaction;
import io.shardbridge.bridge.row.RowChange;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.schema.TableDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Drains leftover intents (DESIGN §5.2): for each, re-reads the current authoritative row under lock
 * and rewrites the mirror with it, then deletes the intent. Why this is safe against concurrent
 * writers: the row lock makes a writer of the same row wait until the repair has committed on both
 * sides, and a writer that committed earlier still holds its mirror row lock until its own mirror
 * commit, so the repair's image, read later, lands later. Why a deleted row stays deleted only when it
 * should: a row absent on the authoritative side cannot be locked, so after deleting it on the mirror
 * the repairer reads it again; a writer that inserted it meanwhile committed on the authoritative side
 * before its mirror commit, so the second read sees it and the image is re-applied. Repair is
 * idempotent: running it twice, or on an intent whose mirror write did succeed, changes nothing.
 * A row whose shard key changed may still have its old copy on another shard of the mirror: each
 * re-applied row is also deleted, by primary key, from every other place it could be.
 */
public final class Repairer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Repairer.class);
    /** Intents per batch: one locked read per table, one multi-row upsert and delete per physical table, one intent delete. */
    private static final int BATCH = 1000;
    private static final int RECHECKS = 5;

    private final DataSource legacy;
    private final DataSource targetRouting;
    private final Map<String, ? extends DataSource> shards;
    private final Dialect targetDialect;
    private final IntentJanitor janitor;
    private final MirrorWorkers workers;
    private final Ticker ticker;

    /** As the constructor with a {@link Ticker}, on the system clock. */
    public Repairer(DataSource legacy, DataSource targetRouting, Map<String, ? extends DataSource> shards, Dialect targetDialect,
                    IntentJanitor janitor, MirrorWorkers workers) {
        this(legacy, targetRouting, shards, targetDialect, janitor, workers, Ticker.system());
    }

    /** @param ticker the clock a {@link #drainBacklog} pass's deadline is read from */
    public Repairer(DataSource legacy, DataSource targetRouting, Map<String, ? extends DataSource> shards, Dialect targetDialect,
                    IntentJanitor janitor, MirrorWorkers workers, Ticker ticker) {
        this.ticker = ticker;
        this.workers = workers;
        this.legacy = legacy;
        this.targetRouting = targetRouting;
        this.shards = shards;
        this.targetDialect = targetDialect;
        this.janitor = janitor;
    }

    /**
     * Re-applies every intent of the unit at least {@code minAge} old, for the unit's current
     * authoritative side. Returns the number of rows repaired.
     */
    public int drain(DualWriteUnit unit, Duration minAge) throws SQLException {
        MigrationPhase phase = unit.state().phase();
        return drain(unit, phase.authoritative(), minAge);
    }

    /** As {@link #drain(DualWriteUnit, Duration)}, for intents written while {@code side} was authoritative. */
    public int drain(DualWriteUnit unit, Side side, Duration minAge) throws SQLException {
        if (minAge.isZero()) {
            // drain everything now: let in-flight mirror transactions finish first, so their intents are not repaired needlessly
            try {
                workers.awaitIdle(unit.state().config().dualWrite().mirrorTimeout().toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        janitor.flush();
        return pass(unit, side, minAge, Long.MAX_VALUE, false).repaired();
    }

    /** What a {@link #drainBacklog} pass did: rows repaired, and whether it reached every intent it set out to drain. */
    public record Pass(int repaired, boolean complete) {
    }

    /**
     * A pass of the background (or of {@code close()}): drains the unit's intents at least {@code minAge}
     * old that exist when it starts — intents written meanwhile are left for the next pass, so a pass ends
     * under any write load — and stops at {@code deadlineNanos} (on this repairer's {@link Ticker}). Unlike the drain
     * of an authority flip (which runs while the unit is fenced), each batch enters the unit like a
     * transaction: a phase move waits for the batch in flight, and a batch never repairs from a side that
     * is no longer authoritative (it ends the pass instead).
     */
    public Pass drainBacklog(DualWriteUnit unit, Duration minAge, long deadlineNanos) throws SQLException {
        MigrationPhase phase = unit.state().phase();
        if (!phase.mirrorsWrites()) {
            return new Pass(0, true);
        }
        janitor.flush();
        return pass(unit, phase.authoritative(), minAge, deadlineNanos, true);
    }

    private Pass pass(DualWriteUnit unit, Side side, Duration minAge, long deadlineNanos, boolean enterUnit) throws SQLException {
        Dialect dialect = side == Side.LEGACY ? Dialect.POSTGRESQL : targetDialect;
        long backlogMark = unit.backlog().mark();
        int repaired = 0;
        boolean complete = true;
        try {
            for (Map.Entry<String, ? extends DataSource> db : intentDatabases(side).entrySet()) {
                long upTo;
                try (Connection c = db.getValue().getConnection()) {
                    c.setAutoCommit(true);
                    upTo = IntentLog.lastId(c, unit.state().name());
                }
                while (complete) {
                    if (deadlineNanos != Long.MAX_VALUE && ticker.nanoTime() - deadlineNanos >= 0) {
                        complete = false;
                        break;
                    }
                    List<IntentLog.Intent> intents;
                    try (Connection c = db.getValue().getConnection()) {
                        c.setAutoCommit(true);
                        intents = IntentLog.pending(c, dialect, unit.state().name(), minAge, upTo, BATCH);
                    }
                    if (intents.isEmpty()) {
                        break;
                    }
                    if (enterUnit) {
                        MigrationPhase pinned = unit.state().enter();
                        try {
                            if (pinned.authoritative() != side || !pinned.mirrorsWrites()) {
                                complete = false; // the unit moved on: the flip drained these, or the next pass takes them
                                break;
                            }
                            repaired += repairAndForget(unit, side, db.getValue(), intents);
                        } finally {
                            unit.state().exit();
                        }
                    } else {
                        repaired += repairAndForget(unit, side, db.getValue(), intents);
                    }
                }
            }
        } finally {
            unit.meters().repaired(repaired);
        }
        if (complete && minAge.isZero()) {
            unit.backlog().drained(backlogMark); // every intent that existed when the pass began is re-applied
        }
        unit.meters().pendingIntents(pending(unit, side));
        return new Pass(repaired, complete);
    }

    private int repairAndForget(DualWriteUnit unit, Side side, DataSource intents, List<IntentLog.Intent> batch) throws SQLException {
        int repaired = repair(unit, side, batch);
        // deleting exactly the intents read is safe: each was committed before the locked re-read of its row above
        try (Connection c = intents.getConnection()) {
            c.setAutoCommit(true);
            IntentLog.delete(c, batch.stream().map(IntentLog.Intent::id).toList());
        }
        return repaired;
    }

    /**
     * Rewrites the mirror's copy of these rows (key images) with the authoritative side's current rows,
     * or deletes it where the authoritative side has none: the repair of verified differences.
     * Idempotent; safe while the service writes (the same locking as for intents).
     */
    public void repairRows(DualWriteUnit unit, TableDefinition table, List<RowImage> keys) throws SQLException {
        Side side = unit.state().phase().authoritative();
        List<RowImage> left = keys;
        for (int round = 0; round < RECHECKS && !left.isEmpty(); round++) {
            left = repairOnce(unit, side, table, left);
        }
        unit.meters().repaired(keys.size());
    }

    /** Intents of the unit on {@code side} (any age). */
    public long pending(DualWriteUnit unit, Side side) throws SQLException {
        long total = 0;
        for (DataSource db : intentDatabases(side).values()) {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(true);
                total += IntentLog.count(c, unit.state().name());
            }
        }
        return total;
    }

    private Map<String, ? extends DataSource> intentDatabases(Side side) {
        return side == Side.LEGACY ? Map.of(MirrorSide.LEGACY, legacy) : shards;
    }

    private int repair(DualWriteUnit unit, Side side, List<IntentLog.Intent> intents) throws SQLException {
        Map<String, Set<String>> keysByTable = new LinkedHashMap<>();
        intents.forEach(i -> keysByTable.computeIfAbsent(i.table(), t -> new LinkedHashSet<>()).add(i.rowKey()));
        int count = 0;
        for (Map.Entry<String, Set<String>> e : keysByTable.entrySet()) {
            TableDefinition table = unit.table(e.getKey());
            if (table == null) {
                continue; // the table left the unit; its intents are moot
            }
            List<RowImage> keys = e.getValue().stream().map(k -> KeyCodec.decode(table, k)).collect(Collectors.toList());
            count += keys.size();
            for (int round = 0; round < RECHECKS && !keys.isEmpty(); round++) {
                keys = repairOnce(unit, side, table, keys);
            }
        }
        return count;
    }

    /** Re-applies the current images of {@code keys}; returns the keys deleted on the mirror, to be checked again. */
    private List<RowImage> repairOnce(DualWriteUnit unit, Side side, TableDefinition table, List<RowImage> keys) throws SQLException {
        Dialect dialect = side == Side.LEGACY ? Dialect.POSTGRESQL : targetDialect;
        List<RowImage> deleted = new ArrayList<>();
        try (Connection auth = (side == Side.LEGACY ? legacy : targetRouting).getConnection()) {
            auth.setAutoCommit(false);
            try {
                List<RowImage> images = RowImageReader.read(auth, dialect, table, keys, unit.shardKey(table.name()), true);
                Set<List<Object>> found = new java.util.HashSet<>();
                List<RowChange> changes = new ArrayList<>();
                for (RowImage image : images) {
                    found.add(image.keyValues(table.primaryKey()));
                    // by primary key alone, so a copy the row left on another shard when its shard key changed goes too;
                    // the mirror never deletes where the upsert lands (MirrorTransaction#apply)
                    changes.add(new RowChange.Delete(image.project(table.primaryKey())));
                    changes.add(new RowChange.Upsert(image));
                }
                for (RowImage key : keys) {
                    if (!found.contains(key.keyValues(table.primaryKey()))) {
                        changes.add(new RowChange.Delete(key));
                        deleted.add(key);
                    }
                }
                try (MirrorTransaction tx = unit.mirrorFor(side).begin()) {
                    LOG.trace("repair unit {} authoritative {} applies {}", unit.state().name(), side, changes);
                    tx.apply(changes);
                    tx.commit();
                }
                auth.commit();
            } catch (SQLException | RuntimeException e) {
                auth.rollback();
                throw e;
            }
        }
        if (deleted.isEmpty()) {
            return deleted;
        }
        // a row absent on the authoritative side was not locked: read again, and keep going for the ones that reappeared
        try (Connection auth = (side == Side.LEGACY ? legacy : targetRouting).getConnection()) {
            auth.setAutoCommit(true);
            Set<List<Object>> reappeared = new java.util.HashSet<>();
            for (RowImage image : RowImageReader.read(auth, dialect, table, deleted, unit.shardKey(table.name()), false)) {
                reappeared.add(image.keyValues(table.primaryKey()));
            }
            return deleted.stream().filter(k -> reappeared.contains(k.keyValues(table.primaryKey()))).toList();
        }
    }
}
