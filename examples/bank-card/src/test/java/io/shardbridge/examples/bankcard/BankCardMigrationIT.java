package io.shardbridge.examples.bankcard;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.examples.walk.ServiceWalk;
import io.shardbridge.examples.walk.ShardTables;
import io.shardbridge.testing.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
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
        ServiceWalk.databaseProperties(LEGACY, SHARD0, SHARD1).forEach(registry::add);
    }

    /** The service as it ran before the migration (its tables and cards), and the operator's `schema` on the shards. */
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
        var pg = TestDatabases.postgres();
        ShardTables.provision(TestDatabases.postgresUrl(LEGACY), pg.user(), pg.password(), """
                target:
                  shards:
                    ds0: { url: "%s", username: %s }
                    ds1: { url: "%s", username: %s }
                  tables:
                    bank_card: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                    card_movement: { shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }
                """.formatted(TestDatabases.postgresUrl(SHARD0), pg.user(), TestDatabases.postgresUrl(SHARD1), pg.user()), "bank_card", "card_movement");
    }

    @Test
    void theServiceMovesOffPostgresByConfigurationOnlyWithoutAFailedRequest() throws Exception {
        AtomicLong nextCard = new AtomicLong(1_000_000);
        try (ServiceWalk walk = new ServiceWalk(port, "bank-card", dataSource).clients(3, (random, w) -> {
            long card = 1 + random.nextInt(SEEDED);
            return switch (random.nextInt(4)) {
                case 0 -> {
                    long id = nextCard.incrementAndGet();
                    yield w.post("/cards", "{\"cardId\":" + id + ",\"userId\":" + id % 500 + ",\"panLast4\":\"1234\",\"status\":\"NEW\",\"balance\":0}");
                }
                case 1, 2 -> w.post("/cards/" + card + "/top-up?userId=" + card % 500 + "&amount=2.50", "");
                default -> w.get("/cards/" + card + "?userId=" + card % 500);
            };
        })) {
            ServiceWalk.Outcome outcome = walk.walkEveryPhase();
            assertThat(outcome.lastVerification().differences()).as(outcome.lastVerification().summary()).isEmpty();
            assertThat(outcome.failedRequests()).as("failed requests").isEmpty();
            assertThat(outcome.requests()).isGreaterThan(500);
            assertThat(walk.send(walk.get("/actuator/shardbridge"))).contains("\"phase\":\"TARGET_ONLY\"");
        }
    }
}
