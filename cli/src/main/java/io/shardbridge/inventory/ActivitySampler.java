package io.shardbridge.inventory;

import io.shardbridge.inventory.InventoryReport.IdentifiedBy;
import io.shardbridge.inventory.InventoryReport.Source;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Samples {@code pg_stat_activity} of legacy's database for a while: each backend's current (or last)
 * statement, by application_name (or role when that is empty) and client address.
 *
 * <p>What a sample can and cannot tell. A backend shows one statement at a time, so a statement faster
 * than the interval may be missed; the counts are executions <em>seen</em> (distinct backend, statement
 * start), a lower bound. A backend inside a transaction keeps its {@code xact_start} across statements, so
 * statements seen with the same (backend, xact_start) ran in one transaction — that is how sampling finds
 * tables written together by separate statements. A backend whose transaction has ended shows
 * {@code xact_start} NULL and is not attributed to any transaction. Rows of other roles' sessions show
 * {@code <insufficient privilege>} unless the inventory's role has pg_read_all_stats; they are counted, not guessed.
 */
final class ActivitySampler {
    static final String OWN_APPLICATION_NAME = "shardbridge-inventory";
    private static final String HIDDEN = "<insufficient privilege>";
    /** Names drivers set when the application sets none: they name no application, so the role does. */
    static final java.util.Set<String> DRIVER_DEFAULTS = java.util.Set.of("PostgreSQL JDBC Driver");
    private static final String SAMPLE = "SELECT pid, backend_start, usename, application_name, host(client_addr), state, query, query_start, xact_start "
            + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND (backend_type = 'client backend' OR backend_type IS NULL) "
            + "AND application_name <> '" + OWN_APPLICATION_NAME + "'";

    /** Pauses between samples; tests pass one that does not sleep. */
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    /** What the sampling saw. */
    record Sampling(List<Observation> observations, List<SampledTransaction> transactions, int samples, long hiddenSessions, Duration took) {
        static final Sampling NONE = new Sampling(List.of(), List.of(), 0, 0, Duration.ZERO);
    }

    /** Statements seen inside one open transaction of one backend. */
    record SampledTransaction(String application, Set<String> statements) {
    }

    private record Execution(int pid, Instant backendStart, Instant queryStart) {
    }

    private record Key(String application, IdentifiedBy identifiedBy, String role, String client, String sql) {
    }

    private ActivitySampler() {
    }

    static Sampling sample(Connection legacy, Duration duration, Duration interval, Pause pause, java.time.Clock clock)
            throws SQLException, InterruptedException {
        Map<Key, Set<Execution>> executions = new LinkedHashMap<>();
        Map<Key, Instant> lastSeen = new HashMap<>();
        Map<Execution, SampledTransaction> transactions = new LinkedHashMap<>();
        Set<Execution> hidden = new LinkedHashSet<>();
        Instant start = clock.instant();
        Instant end = start.plus(duration);
        int samples = 0;
        try (PreparedStatement ps = legacy.prepareStatement(SAMPLE)) {
            do {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int pid = rs.getInt(1);
                        Instant backendStart = instant(rs.getTimestamp(2));
                        String role = rs.getString(3);
                        String applicationName = rs.getString(4);
                        String query = rs.getString(7);
                        Instant queryStart = instant(rs.getTimestamp(8));
                        Instant xactStart = instant(rs.getTimestamp(9));
                        if (HIDDEN.equals(query)) {
                            hidden.add(new Execution(pid, backendStart, null));
                            continue;
                        }
                        if (query == null || query.isBlank() || queryStart == null) {
                            continue;
                        }
                        boolean named = applicationName != null && !applicationName.isBlank() && !DRIVER_DEFAULTS.contains(applicationName);
                        String application = named ? applicationName : role;
                        String sql = query.strip();
                        Key key = new Key(application, named ? IdentifiedBy.APPLICATION_NAME : IdentifiedBy.ROLE, role, rs.getString(5), sql);
                        executions.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(new Execution(pid, backendStart, queryStart));
                        lastSeen.merge(key, queryStart, (a, b) -> a.isAfter(b) ? a : b);
                        if (xactStart != null) {
                            transactions.computeIfAbsent(new Execution(pid, backendStart, xactStart),
                                    x -> new SampledTransaction(application, new LinkedHashSet<>())).statements().add(sql);
                        }
                    }
                }
                samples++;
                if (clock.instant().isBefore(end)) {
                    pause.pause(interval);
                }
            } while (clock.instant().isBefore(end));
        }
        List<Observation> observations = new ArrayList<>();
        executions.forEach((k, seen) -> observations.add(new Observation(k.application(), k.identifiedBy(), k.role(), k.client(),
                Source.ACTIVITY_SAMPLING, k.sql(), seen.size(), lastSeen.get(k))));
        List<SampledTransaction> multi = transactions.values().stream().filter(t -> t.statements().size() > 1).toList();
        return new Sampling(observations, multi, samples, hidden.size(), Duration.between(start, clock.instant()));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
