package io.shardbridge.bridge.shadow;

import io.shardbridge.bridge.capture.StatementParameters;
import io.shardbridge.bridge.unit.DualWriteUnit;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.config.MigrationPhase.Side;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow reads in SHADOW and LIVE (DESIGN §4): a sample of reads also runs on the non-authoritative
 * side, on a background thread, and the two answers are compared (as multisets unless the SQL orders
 * its rows). The caller always gets the authoritative answer, already in hand before the shadow runs,
 * so a slow or failing shadow cannot slow or fail it. Each SQL text is logged once per outcome.
 */
public final class ShadowReads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowReads.class);
    private static final int MAX_LOGGED = 10_000;

    private final Map<Side, DataSource> sides;
    private final ExecutorService executor;
    private final IntSupplier percentile;
    private final Map<String, String> logged = new ConcurrentHashMap<>();

    /**
     * @param sides      the DataSource of each side (legacy pool, target router)
     * @param percentile a number in 0..99 for each sampling decision (random in production, fixed in tests)
     */
    public ShadowReads(Map<Side, DataSource> sides, ExecutorService executor, IntSupplier percentile) {
        this.sides = Map.copyOf(sides);
        this.executor = executor;
        this.percentile = percentile;
    }

    public static IntSupplier randomPercentile() {
        return () -> ThreadLocalRandom.current().nextInt(100);
    }

    /** True when this read is in the unit's sample. */
    public boolean sample(DualWriteUnit unit, MigrationPhase phase) {
        int percent = unit.state().config().shadowReadPercent();
        return phase.shadowReads() && percent > 0 && percentile.getAsInt() < percent;
    }

    /**
     * Compares {@code authoritativeRows} (already read) with the same statement on the other side, later.
     *
     * @param parameters a private copy of the parameters, or null for a plain statement
     */
    public void compareLater(DualWriteUnit unit, MigrationPhase phase, String sql, StatementParameters parameters,
                             List<List<Object>> authoritativeRows) {
        Side other = phase.authoritative() == Side.LEGACY ? Side.TARGET : Side.LEGACY;
        try {
            executor.execute(() -> compare(unit, other, sql, parameters, authoritativeRows));
        } catch (RejectedExecutionException e) {
            unit.meters().shadowError();
        }
    }

    private void compare(DualWriteUnit unit, Side other, String sql, StatementParameters parameters, List<List<Object>> expected) {
        try (Connection c = sides.get(other).getConnection()) {
            c.setAutoCommit(true);
            c.setReadOnly(true);
            List<List<Object>> actual;
            if (parameters == null) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    actual = ResultComparison.rows(rs);
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    parameters.bindAll(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        actual = ResultComparison.rows(rs);
                    }
                }
            }
            String difference = ResultComparison.difference(expected, actual, ResultComparison.ordered(sql));
            if (difference == null) {
                unit.meters().shadowMatch();
                logOnce(sql, "match", () -> LOG.debug("shadow read matches on {} for unit {}: {}", other, unit.state().name(), sql));
            } else {
                unit.meters().shadowMismatch();
                logOnce(sql, "mismatch", () -> LOG.warn("shadow read MISMATCH on {} for unit {} (logged once per SQL): {} -- {}",
                        other, unit.state().name(), sql, difference));
            }
        } catch (SQLException | RuntimeException e) {
            unit.meters().shadowError();
            logOnce(sql, "error", () -> LOG.warn("shadow read failed on {} for unit {} (logged once per SQL): {} -- {}",
                    other, unit.state().name(), sql, e.toString()));
        }
    }

    private void logOnce(String sql, String outcome, Runnable log) {
        if (logged.size() < MAX_LOGGED && logged.putIfAbsent(outcome + ":" + sql, outcome) == null) {
            log.run();
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
