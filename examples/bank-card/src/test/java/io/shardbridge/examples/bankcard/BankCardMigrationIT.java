package io.shardbridge.examples.bankcard;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.bridge.verify.VerifyReport;
import io.shardbridge.config.MigrationPhase;
import io.shardbridge.pool.ShardPools;
import io.shardbridge.schema.PostgresCatalogReader;
import io.shardbridge.schema.SchemaProvisioner;
import io.shardbridge.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue #6: the bank-card service, unchanged, under a steady HTTP workload while its unit walks
 * DUAL_WRITE → backfill → verify → SHADOW → LIVE → RAMP_DOWN → TARGET_ONLY, each move requested through
 * the actuator endpoint. No request fails, and both sides are equal before legacy is let go.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shardbridge.refresh-ms=0")
class BankCardMigrationIT {
    static final String LEGACY = "sb_bank_card";
    static final String SHARD0 = "sb_bank_card_shard0";
    static final String SHARD1 = "sb_bank_card_shard1";
    static final int SEEDED = 3000;

    @LocalServerPort
    int port;

    @Autowired
    BridgeDataSource dataSource;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        var pg = TestDatabases.postgres();
        registry.add("spring.datasource.url", () -> TestDatabases.postgresUrl(LEGACY));
        registry.add("spring.datasource.username", pg::user);
        registry.add("spring.datasource.password", pg::password);
        registry.add("shardbridge.target.shards.ds0.url", () -> TestDatabases.postgresUrl(SHARD0));
        registry.add("shardbridge.target.shards.ds0.username", pg::user);
        registry.add("shardbridge.target.shards.ds1.url", () -> TestDatabases.postgresUrl(SHARD1));
        registry.add("shardbridge.target.shards.ds1.username", pg::user);
    }

    /** The service as it ran before the migration: its tables and cards on its own PostgreSQL database. */
    @BeforeAll
    static void existingService() throws Exception {
        try (Connection c = TestDatabases.postgresConnection(LEGACY); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bank_card, card_movement, shardbridge_unit, shardbridge_instance, shardbridge_backfill, "
                    + "shardbridge_verification, shardbridge_intent");
            st.execute("CREATE TABLE bank_card (card_id bigint PRIMARY KEY, user_id bigint NOT NULL, pan_last4 char(4) NOT NULL, "
                    + "status varchar(16) NOT NULL, balance numeric(14,2) NOT NULL)");
            st.execute("CREATE TABLE card_movement (movement_id bigserial PRIMARY KEY, card_id bigint NOT NULL, user_id bigint NOT NULL, "
                    + "amount numeric(14,2) NOT NULL, booked_at timestamptz NOT NULL DEFAULT now())");
            st.execute("INSERT INTO bank_card SELECT g, g % 500, lpad((g % 10000)::text, 4, '0'), 'ACTIVE', 100 FROM generate_series(1, " + SEEDED + ") g");
        }
        for (String shard : List.of(SHARD0, SHARD1)) {
            try (Connection c = TestDatabases.postgresConnection(shard); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS bank_card_0, bank_card_1, card_movement_0, card_movement_1, shardbridge_intent");
            }
        }
        provisionShards(); // the operator's `shardbridge schema`, before the service opens the migration layer (README, step 2)
    }

    @Test
    void theServiceMovesOffPostgresByConfigurationOnlyWithoutAFailedRequest() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger requests = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong nextCard = new AtomicLong(1_000_000);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Random random = new Random(t);
            Thread client = new Thread(() -> {
                while (!stop.get()) {
                    long card = 1 + random.nextInt(SEEDED);
                    HttpRequest request = switch (random.nextInt(4)) {
                        case 0 -> {
                            long id = nextCard.incrementAndGet();
                            yield post("/cards", "{\"cardId\":" + id + ",\"userId\":" + id % 500 + ",\"panLast4\":\"1234\",\"status\":\"NEW\",\"balance\":0}");
                        }
                        case 1, 2 -> post("/cards/" + card + "/top-up?userId=" + card % 500 + "&amount=2.50", "");
                        default -> HttpRequest.newBuilder(uri("/cards/" + card + "?userId=" + card % 500)).GET().build();
                    };
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        requests.incrementAndGet();
                        if (response.statusCode() >= 300) {
                            failures.add(request.method() + " " + request.uri() + " -> " + response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failures.add(request.uri() + " -> " + e);
                    }
                }
            });
            client.setDaemon(true);
            clients.add(client);
            client.start();
        }

        steady(requests);
        move(MigrationPhase.DUAL_WRITE);
        steady(requests);
        dataSource.backfill("bank-card").run(p -> { });
        verifyUntilEqual();
        move(MigrationPhase.SHADOW);
        steady(requests);
        move(MigrationPhase.LIVE);
        steady(requests);
        move(MigrationPhase.RAMP_DOWN);
        steady(requests);
        stop.set(true);
        for (Thread c : clients) {
            c.join(10_000);
        }
        dataSource.drainIntents("bank-card");
        VerifyReport beforeLettingGo = dataSource.verifier("bank-card").recheckAfter(Duration.ZERO).run();
        assertThat(beforeLettingGo.differences()).as(beforeLettingGo.summary()).isEmpty();
        move(MigrationPhase.TARGET_ONLY);
        assertThat(dataSource.phase("bank-card")).isEqualTo(MigrationPhase.TARGET_ONLY);
        assertThat(failures).as("failed requests").isEmpty();
        assertThat(requests.get()).isGreaterThan(500);
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(uri("/actuator/shardbridge")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.body()).contains("\"phase\":\"TARGET_ONLY\"");
    }

    /** Lets the workload run for another 100 requests (at most 10 s) in the current phase. */
    private static void steady(AtomicInteger requests) throws InterruptedException {
        int until = requests.get() + 100;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (requests.get() < until && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** An operator's move through the actuator endpoint; the response is the unit's status. */
    private void move(MigrationPhase to) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(post("/actuator/shardbridge/bank-card", "{\"phase\":\"" + to + "\"}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"phase\":\"" + to + "\"");
    }

    private void verifyUntilEqual() throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            VerifyReport report = dataSource.verifier("bank-card").recheckAfter(Duration.ofMillis(500)).run();
            if (report.equal()) {
                return;
            }
            dataSource.repair("bank-card", report);
        }
        throw new AssertionError("no clean verification after five repairs");
    }

    private static void provisionShards() throws Exception {
        var config = io.shardbridge.config.ShardbridgeConfigLoader.parse("""
                target:
                  shards:
                    ds0: { url: "%s", username: %s }
                    ds1: { url: "%s", username: %s }
                  tables:
                    bank_card: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                    card_movement: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                """.formatted(TestDatabases.postgresUrl(SHARD0), TestDatabases.postgres().user(), TestDatabases.postgresUrl(SHARD1),
                TestDatabases.postgres().user()), "bank-card-shards.yaml");
        try (ShardPools pools = ShardPools.open(config.target()); Connection legacy = TestDatabases.postgresConnection(LEGACY)) {
            new SchemaProvisioner(config.target(), pools.byShard()).provision(List.of(PostgresCatalogReader.read(legacy, "public", "bank_card"),
                    PostgresCatalogReader.read(legacy, "public", "card_movement")));
        }
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
