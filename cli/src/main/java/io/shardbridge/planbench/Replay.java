package io.shardbridge.planbench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Replays a workload on one plan's routing DataSource: {@code threads} clients, each taking a pooled
 * connection per statement (as a service does), picking statements by weight and binding values from the
 * row sample, for a warm-up and then a measured window. Latency is measured per statement, end to end
 * through the routing layer, including reading every row of a result.
 */
final class Replay {
    /** What one measured window gave. */
    record Measured(long statements, double seconds, long errors, Map<String, String> firstErrors, long[] latencyMicros) {
        double throughput() {
            return seconds == 0 ? 0 : statements / seconds;
        }

        double percentile(double p) {
            if (latencyMicros.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * latencyMicros.length) - 1;
            return latencyMicros[Math.max(0, Math.min(latencyMicros.length - 1, i))];
        }
    }

    private final List<Workload.Statement> statements;
    private final List<List<Parameters.Marker>> markers;
    private final double[] cumulative;
    private final RowSample sample;
    private final boolean driverTypesAsText;

    /** @param driverTypesAsText bind PostgreSQL driver objects (json, intervals…) as text, for MySQL shards */
    Replay(Workload workload, RowSample sample, boolean driverTypesAsText) {
        this.driverTypesAsText = driverTypesAsText;
        this.statements = workload.statements();
        this.markers = statements.stream().map(s -> Parameters.of(s.sql())).toList();
        this.sample = sample;
        this.cumulative = new double[statements.size()];
        double sum = 0;
        for (int i = 0; i < statements.size(); i++) {
            sum += statements.get(i).weight();
            cumulative[i] = sum;
        }
    }

    Measured run(DataSource routing, int threads, Duration warmup, Duration measure) throws InterruptedException {
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + measure.toNanos();
        AtomicLong errors = new AtomicLong();
        Map<String, String> firstErrors = new ConcurrentHashMap<>();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long[] counts = new long[threads];
        for (int t = 0; t < threads; t++) {
            long[] latencies = new long[1 << 20];
            perThread.add(latencies);
            int me = t;
            Thread worker = new Thread(() -> {
                int n = 0;
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        break;
                    }
                    int pick = pick();
                    try {
                        execute(routing, pick);
                    } catch (SQLException | RuntimeException e) {
                        if (start >= warmupEnd) {
                            errors.incrementAndGet();
                        }
                        firstErrors.putIfAbsent(statements.get(pick).sql(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                        continue;
                    }
                    if (start >= warmupEnd && n < latencies.length) {
                        latencies[n++] = (System.nanoTime() - start) / 1_000;
                    }
                }
                counts[me] = n;
            }, "plan-bench-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, (int) counts[t]);
            at += (int) counts[t];
        }
        Arrays.sort(all);
        return new Measured(total, measure.toNanos() / 1e9, errors.get(), Map.copyOf(firstErrors), all);
    }

    private int pick() {
        double r = ThreadLocalRandom.current().nextDouble(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    private void execute(DataSource routing, int pick) throws SQLException {
        try (Connection c = routing.getConnection(); PreparedStatement ps = c.prepareStatement(statements.get(pick).sql())) {
            List<Parameters.Marker> ms = markers.get(pick);
            for (int i = 0; i < ms.size(); i++) {
                Object value = sample.valueFor(ms.get(i));
                ps.setObject(i + 1, asBound(value, driverTypesAsText));
            }
            if (ps.execute()) {
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        }
    }

    static Object asBound(Object value, boolean driverTypesAsText) {
        return driverTypesAsText && value != null && value.getClass().getName().startsWith("org.postgresql") ? value.toString() : value;
    }

    /** Statements whose markers could not all be matched to a column or a count (bound as NULL). */
    List<String> withUnknownParameters() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            if (markers.get(i).stream().anyMatch(m -> !m.known() || (m.column() != null && !sample.hasColumn(m.column())))) {
                out.add(statements.get(i).sql());
            }
        }
        return out;
    }
}
