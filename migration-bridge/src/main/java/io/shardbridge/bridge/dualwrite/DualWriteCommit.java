package io.shardbridge.bridge.dualwrite;

import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.capture.PendingChanges;
import io.shardbridge.bridge.capture.PendingChanges.Deleted;
import io.shardbridge.bridge.capture.PendingChanges.KeyOnly;
import io.shardbridge.bridge.capture.PendingChanges.Known;
import io.shardbridge.bridge.row.RowImageReader;
import io.shardbridge.bridge.metrics.BridgeMetrics;
import io.shardbridge.bridge.mirror.MirrorSide;
import io.shardbridge.bridge.row.RowChange;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MirrorFailurePolicy;
import io.shardbridge.schema.TableDefinition;
import io.shardbridge.sharding.shardingsphere.TransactionConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit of a transaction that wrote migrating tables in a mirroring phase, in DESIGN §5 order:
 * <ol>
 * <li>rows known only by key are read by key on the authoritative side, inside the transaction;</li>
 * <li>the touched keys are written to the intent table on the authoritative side, in the transaction;</li>
 * <li>the images are applied in an open mirror transaction while the authoritative row locks are held;</li>
 * <li>the authoritative side commits; then the mirror commits; then the intents are cleared, later.</li>
 * </ol>
 * The mirror transaction runs on a {@link MirrorWorkers} thread (see {@link MirrorWork}): its apply
 * overlaps step 2 and its commit happens after the caller has returned.
 * Why nothing committed is lost: the intents commit atomically with the rows (step 2), and they are
 * cleared only after the mirror committed (step 4); every failure in between leaves them for the
 * {@link Repairer}. Why two writers of one row reach the mirror in commit order: the second writer's
 * mirror write cannot start before it holds the authoritative row lock, i.e. before the first writer
 * committed there, and it then waits for the first writer's mirror row lock until that mirror commits.
 */
public final class DualWriteCommit {
    private static final Logger LOG = LoggerFactory.getLogger(DualWriteCommit.class);

    private final IntentJanitor janitor;
    private final MirrorWorkers workers;
    private final Dialect targetDialect;
    private final Ticker ticker;
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<DualWriteUnit> mirrorAnswers = unit -> { };

    /** As {@link #DualWriteCommit(IntentJanitor, MirrorWorkers, Dialect, Ticker)} on the system clock. */
    public DualWriteCommit(IntentJanitor janitor, MirrorWorkers workers, Dialect targetDialect) {
        this(janitor, workers, targetDialect, Ticker.system());
    }

    /** @param ticker the clock the commit's stages are timed by (the meters, and the service latency a backfill backs off on) */
    public DualWriteCommit(IntentJanitor janitor, MirrorWorkers workers, Dialect targetDialect, Ticker ticker) {
        this.ticker = ticker;
        this.janitor = janitor;
        this.workers = workers;
        this.targetDialect = targetDialect;
    }

    /** Told, on a mirror worker, when a unit's mirror committed again while its outage left intents ({@link BacklogDrain}). */
    public void onMirrorAnswersAgain(java.util.function.Consumer<DualWriteUnit> listener) {
        this.mirrorAnswers = listener;
    }

    /** One unit's share of a transaction. */
    public record UnitWork(DualWriteUnit unit, PendingChanges pending) {
    }

    /**
     * Commits {@code authoritative} (a connection in a transaction) with the mirror protocol. Errors of
     * the authoritative side are thrown unchanged; mirror errors follow each unit's failure policy.
     */
    public void commit(Side side, Connection authoritative, List<UnitWork> work) throws SQLException {
        boolean[] reachedCommit = {false};
        try {
            commit(side, authoritative, work, reachedCommit);
        } catch (SQLException | RuntimeException e) {
            if (!reachedCommit[0]) {
                // never leave the caller's transaction open behind a failed commit: a later setAutoCommit(true)
                // would commit it without its intents or mirror writes
                try {
                    authoritative.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
            }
            throw e;
        }
    }

    private void commit(Side side, Connection authoritative, List<UnitWork> work, boolean[] reachedCommit) throws SQLException {
        Dialect authDialect = side == Side.LEGACY ? Dialect.POSTGRESQL : targetDialect;
        long t0 = ticker.nanoTime();
        List<List<RowChange>> changes = new ArrayList<>(work.size());
        for (UnitWork w : work) {
            changes.add(resolve(authoritative, authDialect, w));
        }
        long t1 = ticker.nanoTime();
        if (LOG.isTraceEnabled()) {
            for (int i = 0; i < work.size(); i++) {
                LOG.trace("txn {} unit {} authoritative {} mirrors {}", work.get(i).pending().txn(), work.get(i).unit().state().name(), side,
                        changes.get(i));
            }
        }
        // the mirror writes start on workers and overlap the intent write below
        List<MirrorWork> mirrors = new ArrayList<>(work.size());
        List<MirrorWork> inline = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            DualWriteUnit unit = work.get(i).unit();
            if (changes.get(i).isEmpty()) {
                continue;
            }
            if (!unit.circuit().allow()) {
                unit.meters().skipped();
                unit.backlog().failed();
                continue;
            }
            MirrorWork mirror = new MirrorWork(unit, side, changes.get(i), outcome, ticker);
            mirrors.add(mirror);
            if (!workers.trySubmit(mirror)) {
                inline.add(mirror);
            }
        }
        boolean committed = false;
        List<MirrorWork> applied = new ArrayList<>(mirrors.size());
        try {
            for (int i = 0; i < work.size(); i++) {
                List<IntentLog.Ref> refs = recordIntents(side, authoritative, work.get(i), changes.get(i));
                for (MirrorWork mirror : mirrors) {
                    if (mirror.unit == work.get(i).unit()) {
                        mirror.intents = refs;
                    }
                }
            }
            long t2 = ticker.nanoTime();
            for (MirrorWork mirror : inline) {
                mirror.apply();
            }
            for (MirrorWork mirror : mirrors) {
                if (awaitApplied(authoritative, mirror)) {
                    applied.add(mirror);
                }
            }
            long t3 = ticker.nanoTime();
            reachedCommit[0] = true;
            if (AuthoritativeOutcome.rollsBack(side, authoritative)) {
                authoritative.rollback();
                throw new SQLException("the " + side.name().toLowerCase(java.util.Locale.ROOT) + " side had already failed this transaction "
                        + "(a statement in it failed), so it was rolled back instead of committed, on both sides; nothing was mirrored. "
                        + "Retry the transaction", "40000");
            }
            try {
                authoritative.commit();
            } catch (SQLException e) {
                throw CommitErrors.withSqlState(e);
            }
            committed = true;
            long t4 = ticker.nanoTime();
            for (UnitWork w : work) {
                BridgeMetrics.UnitMeters meters = w.unit().meters();
                meters.stage("images", t1 - t0);
                meters.stage("intents", t2 - t1);
                meters.stage("mirror-apply-wait", t3 - t2);
                meters.stage("authoritative-commit", t4 - t3);
                meters.serviceLatency().record(t4 - t0);
            }
        } finally {
            for (MirrorWork mirror : mirrors) {
                if (inline.contains(mirror)) {
                    mirror.finish(committed && applied.contains(mirror));
                } else {
                    mirror.authoritativeOutcome(committed && applied.contains(mirror));
                }
            }
        }
    }

    /** Waits for one unit's mirror write; on failure applies the unit's policy. True when applied. */
    private boolean awaitApplied(Connection authoritative, MirrorWork mirror) throws SQLException {
        DualWriteUnit unit = mirror.unit;
        try {
            mirror.awaitApplied(unit.state().config().dualWrite().mirrorTimeout().toNanos());
            return true;
        } catch (Exception e) {
            unit.circuit().failure();
            unit.meters().applyFailed();
            if (unit.state().config().dualWrite().failurePolicy() == MirrorFailurePolicy.FAIL) {
                authoritative.rollback();
                String state = e instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "08006";
                throw new SQLException("migration unit " + unit.state().name() + ": the mirror write failed and mirror-failure is 'fail', "
                        + "so the transaction was rolled back: " + e.getMessage(), state, e);
            }
            failed(unit, "apply", e);
            return false;
        }
    }

    /** Mirror transactions end on the workers: count them, clear their intents, feed the breaker. */
    private final MirrorWork.Outcome outcome = new MirrorWork.Outcome() {
        @Override
        public void committed(MirrorWork work, long commitNanos) {
            work.unit.circuit().success();
            work.unit.meters().stage("mirror-apply", work.applyNanos);
            work.unit.meters().stage("mirror-commit", commitNanos);
            work.unit.meters().mirrored(work.changes.size(), work.applyNanos + commitNanos);
            work.unit.recentWrites().record(work.unit, work.changes);
            janitor.clearLater(work.intents);
            if (work.unit.backlog().pending()) {
                mirrorAnswers.accept(work.unit); // the outage is over once its intents are drained, not at the first success
            } else {
                recovered(work.unit);
            }
        }

        @Override
        public void commitFailed(MirrorWork work, Exception e) {
            work.unit.circuit().failure();
            work.unit.meters().commitFailed();
            work.unit.recentWrites().record(work.unit, work.changes);
            failed(work.unit, "commit", e);
        }
    };

    private List<RowChange> resolve(Connection authoritative, Dialect dialect, UnitWork work) throws SQLException {
        List<PendingChanges.Pending> all = work.pending().all();
        Map<String, List<RowImage>> keyOnly = new LinkedHashMap<>();
        for (PendingChanges.Pending p : all) {
            if (p instanceof KeyOnly k) {
                keyOnly.computeIfAbsent(k.image().table(), t -> new ArrayList<>()).add(k.image());
            }
        }
        if (keyOnly.isEmpty()) {
            return work.pending().changes(all);
        }
        PendingChanges resolved = new PendingChanges();
        for (PendingChanges.Pending p : all) {
            TableDefinition table = work.unit().table(p.image().table());
            if (!(p instanceof KeyOnly)) {
                resolved.record(table.primaryKey(), p);
            }
        }
        for (Map.Entry<String, List<RowImage>> e : keyOnly.entrySet()) {
            TableDefinition table = work.unit().table(e.getKey());
            List<RowImage> images = RowImageReader.read(authoritative, dialect, table, e.getValue(), work.unit().shardKey(e.getKey()), false);
            for (RowImage key : e.getValue()) {
                resolved.record(table.primaryKey(), new Deleted(key)); // absent unless its image was read
            }
            for (RowImage image : images) {
                resolved.record(table.primaryKey(), new Known(image));
            }
        }
        return work.pending().changes(resolved.all());
    }

    private List<IntentLog.Ref> recordIntents(Side side, Connection authoritative, UnitWork work, List<RowChange> changes) throws SQLException {
        DualWriteUnit unit = work.unit();
        long txn = work.pending().txn();
        if (changes.isEmpty()) {
            return List.of();
        }
        if (side == Side.LEGACY && work.pending().intentsWritten()) {
            return List.of(new IntentLog.Ref(MirrorSide.LEGACY, txn)); // written by the statements themselves
        }
        List<RowImage> keys = changes.stream().map(c -> unit.keyOf(c.image())).toList();
        if (side == Side.LEGACY) {
            return List.of(IntentLog.record(authoritative, MirrorSide.LEGACY, unit.state().name(), txn, keys));
        }
        Map<String, List<RowImage>> byShard = new LinkedHashMap<>();
        for (RowImage key : keys) {
            String shard = unit.shardOf(key);
            if (shard == null) {
                throw new SQLException("table " + key.table() + ": a written row has no shard-key value; cannot record its intent", "22023");
            }
            byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(key);
        }
        List<IntentLog.Ref> refs = new ArrayList<>();
        for (Map.Entry<String, List<RowImage>> e : byShard.entrySet()) {
            Connection physical = TransactionConnections.physical(authoritative, e.getKey());
            refs.add(IntentLog.record(physical, e.getKey(), unit.state().name(), txn, e.getValue()));
        }
        return refs;
    }

    private void failed(DualWriteUnit unit, String stage, Exception e) {
        unit.backlog().failed();
        LOG.debug("migration unit {}: mirror {} failed", unit.state().name(), stage, e);
        if (failing.put(unit.state().name(), Boolean.TRUE) == null) {
            LOG.warn("migration unit {}: mirror {} failed; the caller's work is committed and its keys are kept in the intent table for the "
                    + "repairer (logged once until the mirror recovers and what it left is drained): {}", unit.state().name(), stage, e.toString());
        }
    }

    private void recovered(DualWriteUnit unit) {
        if (failing.remove(unit.state().name()) != null) {
            LOG.info("migration unit {}: mirror writes succeed again; the repairer drains what was left", unit.state().name());
        }
    }
}
