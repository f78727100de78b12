package io.shardbridge.bridge.readiness;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardbridge.bridge.sql.StatementShape;
import io.shardbridge.config.Dialect;
import io.shardbridge.config.TargetConfig;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statement census (DESIGN §11): every statement the service sends on a unit's tables from DUAL_WRITE on,
 * folded to its shape, with how the target would run it and, for a MySQL target, what it cannot run or would
 * run with another meaning. Each SQL text is analysed once per instance (its first execution); later
 * executions cost one cache lookup and one counter increment. Counts are flushed to the control store, where
 * every instance's add up.
 */
public final class StatementCensus {
    private static final Logger LOG = LoggerFactory.getLogger(StatementCensus.class);

    private final CensusStore store;
    private final Clock clock;
    private final TargetRouting routing;
    private final MysqlPortability portability;
    /** Per unit, per SQL text: the text is the key as it comes (no key built per execution on the hot path). */
    private final ConcurrentMap<String, Cache<String, Counter>> bySql = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> byShape = new ConcurrentHashMap<>();

    /** One shape's executions on this instance since the last flush. */
    private static final class Counter {
        final String unit;
        final CensusEntry entry;
        final LongAdder pending = new LongAdder();
        volatile long lastSeenMillis;

        Counter(String unit, CensusEntry entry) {
            this.unit = unit;
            this.entry = entry;
        }
    }

    StatementCensus(CensusStore store, TargetConfig target, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.routing = new TargetRouting(target);
        this.portability = target.dialect() == Dialect.MYSQL ? new MysqlPortability() : null;
    }

    /**
     * Counts one execution of {@code sql} on {@code unit}'s tables.
     *
     * @param legacyTables the tables it names that are in no unit (asked only on the text's first execution)
     */
    public void record(String unit, String sql, StatementShape shape, Supplier<Set<String>> legacyTables) {
        Counter counter = bySql.computeIfAbsent(unit, u -> Caffeine.newBuilder().maximumSize(20_000).<String, Counter>build()).get(sql, key -> {
            CensusEntry entry = analyse(sql, shape, legacyTables.get());
            return byShape.computeIfAbsent(unit + '\0' + entry.shapeText(), k -> new Counter(unit, entry));
        });
        counter.pending.increment();
        counter.lastSeenMillis = clock.millis();
    }

    private CensusEntry analyse(String sql, StatementShape shape, Set<String> legacyTables) {
        String kind = shape == null ? "OTHER" : shape.kind().name();
        List<String> findings = portability == null ? List.of() : portability.findings(sql);
        return new CensusEntry(ShapeText.of(sql), kind, routing.of(sql, shape, legacyTables), findings);
    }

    /** Writes the counts gathered since the last flush to the control store. */
    public synchronized void flush() {
        for (Counter counter : byShape.values()) {
            long executions = counter.pending.sumThenReset();
            if (executions == 0) {
                continue;
            }
            try {
                store.add(counter.unit, counter.entry, executions, java.time.Instant.ofEpochMilli(counter.lastSeenMillis));
            } catch (SQLException | RuntimeException e) {
                counter.pending.add(executions); // kept for the next flush
                LOG.warn("shardbridge: cannot write the statement census to the control store ({}); retrying on the next flush", e.getMessage());
                return;
            }
        }
    }
}
