package io.shardbridge.examples.walk;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.MigrationPhase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * What the example services' tests share (issue #6): HTTP clients that keep a running service busy,
 * an operator who moves the unit through the actuator endpoint, and the backfill / verify / repair
 * steps DESIGN §4 asks for. A request that does not answer 2xx (or an expected status) is a failure.
 */
public final class ServiceWalk implements AutoCloseable {
    private final URI base;
    private final Transport transport;
    private final String unit;
    private final BridgeDataSource dataSource;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger requests = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();

    /** Where the walk's requests go: one instance, or several behind a client-side balancer. */
    @FunctionalInterface
    public interface Transport {
        HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException;
    }

    /** A walk of the one instance listening on {@code port}. */
    public ServiceWalk(int port, String unit, BridgeDataSource dataSource) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.transport = request -> http.send(request, HttpResponse.BodyHandlers.ofString());
        this.unit = unit;
        this.dataSource = dataSource;
    }

    /**
     * A walk whose requests, addressed to {@code base}, are sent by {@code transport} (a balancer that
     * picks an instance for each); {@code dataSource} is one instance's, for the operator's backfill and verify.
     */
    public ServiceWalk(URI base, Transport transport, String unit, BridgeDataSource dataSource) {
        this.base = base;
        this.transport = transport;
        this.unit = unit;
        this.dataSource = dataSource;
    }

    /**
     * Starts {@code count} clients; each asks {@code next} for its next request (given its random source
     * and the walk, for {@link #uri}) and sends it until {@link #stop}.
     */
    public ServiceWalk clients(int count, BiFunction<Random, ServiceWalk, HttpRequest> next) {
        for (int t = 0; t < count; t++) {
            Random random = new Random(t);
            Thread client = new Thread(() -> {
                while (!stop.get()) {
                    HttpRequest request = next.apply(random, this);
                    try {
                        HttpResponse<String> response = transport.send(request);
                        requests.incrementAndGet();
                        if (response.statusCode() >= 300 && response.statusCode() != 409) {
                            failures.add(request.method() + " " + request.uri() + " -> " + response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failures.add(request.uri() + " -> " + e);
                    }
                }
            }, "client-" + t);
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }
        return this;
    }

    /** Lets the clients run for another {@code more} requests (at most 10 s) in the current phase. */
    public void steady(int more) throws InterruptedException {
        int until = requests.get() + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (requests.get() < until && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** An operator's move through {@code POST /actuator/shardbridge/{unit}}; returns the unit's status as JSON. */
    public String move(MigrationPhase to) throws Exception {
        HttpResponse<String> response = transport.send(post("/actuator/shardbridge/" + unit, "{\"phase\":\"" + to + "\"}"));
        if (response.statusCode() != 200 || !response.body().contains("\"phase\":\"" + to + "\"")) {
            throw new AssertionError("moving " + unit + " to " + to + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Backfills, then verifies — repairing what differs — until a verification is clean (DESIGN §4's gate for SHADOW). */
    public void backfillAndVerify() throws SQLException {
        dataSource.bridge().backfill(unit).run(p -> { });
        for (int attempt = 0; attempt < 5; attempt++) {
            VerifyReport report = dataSource.bridge().verifier(unit).recheckAfter(Duration.ofMillis(500)).run();
            if (report.equal()) {
                return;
            }
            dataSource.bridge().repair(unit, report);
        }
        throw new AssertionError("no clean verification of " + unit + " after five repairs");
    }

    /** What a walk through every phase ended with. */
    public record Outcome(List<String> failedRequests, int requests, VerifyReport lastVerification) {
    }

    /**
     * The walk every example service's test makes, with the clients running throughout: {@code DUAL_WRITE},
     * backfill and verify (repairing until clean), {@code SHADOW}, {@code LIVE}, {@code RAMP_DOWN} — each
     * move an actuator request, each phase held for another 100 requests — then the clients stop, the
     * intents drain, a last verification runs while legacy still mirrors, and the unit goes to
     * {@code TARGET_ONLY}.
     */
    public Outcome walkEveryPhase() throws Exception {
        steady(100);
        move(MigrationPhase.DUAL_WRITE);
        steady(100);
        backfillAndVerify();
        for (MigrationPhase next : List.of(MigrationPhase.SHADOW, MigrationPhase.LIVE, MigrationPhase.RAMP_DOWN)) {
            move(next);
            steady(100);
        }
        List<String> failed = stop();
        dataSource.bridge().drainIntents(unit);
        VerifyReport last = dataSource.bridge().verifier(unit).recheckAfter(Duration.ZERO).run();
        move(MigrationPhase.TARGET_ONLY);
        return new Outcome(failed, requests(), last);
    }

    /** The largest value of {@code column} in {@code table} on the shards, and the table's row count there. */
    public long[] targetMaxAndCount(String table, String column) throws SQLException {
        try (java.sql.Connection c = dataSource.bridge().targetDataSource().getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT max(" + column + ") AS top, count(*) AS n FROM " + table)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** Runs an {@code INSERT … RETURNING key} through the service's DataSource and returns the key. */
    public long insertReturningKey(String sql) throws SQLException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The way back from {@code TARGET_ONLY} to legacy being authoritative: {@code RAMP_DOWN} (legacy mirrors
     * again), a backfill into legacy and a clean verification, {@code LIVE}, then the flip to {@code SHADOW},
     * at which shardbridge moves legacy's sequences past every key the shards were given.
     */
    public void walkBackToShadow() throws Exception {
        move(MigrationPhase.RAMP_DOWN);
        backfillAndVerify();
        move(MigrationPhase.LIVE);
        move(MigrationPhase.SHADOW);
    }

    /**
     * The Spring properties that point a service at the test databases ({@code SB_PG_*}): its own
     * datasource as legacy, and two shards; register each with a {@code DynamicPropertyRegistry}.
     */
    public static java.util.Map<String, java.util.function.Supplier<Object>> databaseProperties(String legacy, String shard0, String shard1) {
        var pg = io.shardbridge.testing.TestDatabases.postgres();
        java.util.Map<String, java.util.function.Supplier<Object>> out = new java.util.LinkedHashMap<>();
        out.put("spring.datasource.url", () -> io.shardbridge.testing.TestDatabases.postgresUrl(legacy));
        out.put("spring.datasource.username", pg::user);
        out.put("spring.datasource.password", pg::password);
        out.put("shardbridge.target.shards.ds0.url", () -> io.shardbridge.testing.TestDatabases.postgresUrl(shard0));
        out.put("shardbridge.target.shards.ds0.username", pg::user);
        out.put("shardbridge.target.shards.ds1.url", () -> io.shardbridge.testing.TestDatabases.postgresUrl(shard1));
        out.put("shardbridge.target.shards.ds1.username", pg::user);
        return out;
    }

    /** Stops the clients; the failures they saw, if any. */
    public List<String> stop() throws InterruptedException {
        stop.set(true);
        for (Thread c : clients) {
            c.join(10_000);
        }
        return List.copyOf(failures);
    }

    public int requests() {
        return requests.get();
    }

    public HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    public HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    public String send(HttpRequest request) throws Exception {
        return transport.send(request).body();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
