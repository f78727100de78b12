package io.shardbridge.bridge.verify;

import io.micrometer.core.instrument.Counter;
import io.shardbridge.bridge.row.RowImage;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.bridge.unit.RecentWrites;
import io.shardbridge.concurrent.DaemonThreads;
import io.shardbridge.concurrent.Ticker;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.MigrationPhase.Side;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.TargetConfig;
import io.shardbridge.schema.TableDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous mode (DESIGN §7): re-verifies the keys this process's write transactions touched, a
 * settle time after they were written, row by row on both sides. A key that differs is read once more
 * after another settle time (a newer write may have been in flight) and reported only if it still
 * differs: to the listener, to the log, and as {@code shardbridge.verify.continuous.differences}.
 * It covers what this process wrote; the full {@link Verifier} covers everything.
 */
public final class ContinuousVerifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContinuousVerifier.class);

    private final DualWriteUnit unit;
    private final DataSource legacy;
    private final Map<String, ? extends DataSource> shards;
    private final TargetConfig target;
    private final Duration settle;
    private final Consumer<VerifyReport.Difference> listener;
    private final Counter checked;
    private final Counter differences;
    private final Ticker ticker;
    private final ThreadFactory threads;
    private ScheduledExecutorService scheduler;

    public ContinuousVerifier(DualWriteUnit unit, DataSource legacy, Map<String, ? extends DataSource> shards, TargetConfig target, Duration settle,
                              Consumer<VerifyReport.Difference> listener) {
        this(unit, legacy, shards, target, settle, listener, Ticker.system(), DaemonThreads.named("continuous-verify-" + unit.state().name()));
    }

    /** With the clock its second look waits on and the factory of its one background thread. */
    public ContinuousVerifier(DualWriteUnit unit, DataSource legacy, Map<String, ? extends DataSource> shards, TargetConfig target, Duration settle,
                              Consumer<VerifyReport.Difference> listener, Ticker ticker, ThreadFactory threads) {
        this.ticker = ticker;
        this.threads = threads;
        this.unit = unit;
        this.legacy = legacy;
        this.shards = shards;
        this.target = target;
        this.settle = settle;
        this.listener = listener;
        var registry = unit.meters().registry();
        this.checked = Counter.builder("shardbridge.verify.continuous.rows").tag("unit", unit.state().name())
                .description("recently written rows re-verified on both sides").register(registry);
        this.differences = Counter.builder("shardbridge.verify.continuous.differences").tag("unit", unit.state().name())
                .description("recently written rows that differ between the sides after the settle time").register(registry);
    }

    /** Starts recording written keys and checking them every {@code interval}. */
    public synchronized ContinuousVerifier start(Duration interval) {
        unit.recentWrites().enable(true);
        scheduler = Executors.newSingleThreadScheduledExecutor(threads);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                checkOnce();
            } catch (SQLException | RuntimeException e) {
                LOG.warn("migration unit {}: continuous verification round failed, retrying: {}", unit.state().name(), e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round: every key written at least a settle time ago, compared; returns the differences that persisted. */
    public List<VerifyReport.Difference> checkOnce() throws SQLException {
        List<RecentWrites.Written> written = unit.recentWrites().takeSettled(settle.toNanos());
        MigrationPhase phase = unit.state().phase();
        if (written.isEmpty() || !phase.mirrorsWrites()) {
            return List.of();
        }
        Map<String, Map<List<Object>, RowImage>> byTable = new LinkedHashMap<>();
        for (RecentWrites.Written w : written) {
            TableDefinition table = unit.table(w.key().table());
            byTable.computeIfAbsent(table.name(), t -> new LinkedHashMap<>()).putIfAbsent(w.key().keyValues(table.primaryKey()), w.key());
        }
        List<VerifyReport.Difference> found = new ArrayList<>();
        for (Map.Entry<String, Map<List<Object>, RowImage>> e : byTable.entrySet()) {
            TableDefinition table = unit.table(e.getKey());
            List<RowImage> keys = new ArrayList<>(e.getValue().values());
            checked.increment(keys.size());
            List<VerifyReport.Difference> suspects = compare(table, phase.authoritative(), keys);
            if (suspects.isEmpty()) {
                continue;
            }
            sleep(settle);
            List<RowImage> again = suspects.stream().map(d -> new RowImage(table.name(), d.key())).toList();
            for (VerifyReport.Difference d : compare(table, phase.authoritative(), again)) {
                differences.increment();
                LOG.warn("migration unit {}: recently written row differs between the sides: {} {} {} {}", unit.state().name(), d.kind(), d.table(),
                        d.key(), d.columns());
                listener.accept(d);
                found.add(d);
            }
        }
        return found;
    }

    private List<VerifyReport.Difference> compare(TableDefinition table, Side authoritative, List<RowImage> keys) throws SQLException {
        ChecksumColumns columns = ChecksumColumns.of(table, Dialect.POSTGRESQL, target.dialect());
        ChecksumSide legacySide = TableSides.legacy(legacy, columns);
        List<ChecksumSide> targetViews = TableSides.target(target, shards, columns);
        ChecksumSide auth = authoritative == Side.LEGACY ? legacySide : targetViews.get(0);
        List<ChecksumSide> mirrors = authoritative == Side.LEGACY ? targetViews : List.of(legacySide);
        List<VerifyReport.Difference> out = new ArrayList<>();
        Map<List<Object>, RowImage> authRows = auth.rowsByKey(keys);
        for (ChecksumSide mirror : mirrors) {
            out.addAll(RowDifferences.between(table, keys, authRows, mirror.rowsByKey(keys)));
        }
        return out;
    }

    private void sleep(Duration duration) {
        try {
            ticker.sleep(Duration.ofMillis(duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        unit.recentWrites().enable(false);
    }
}
