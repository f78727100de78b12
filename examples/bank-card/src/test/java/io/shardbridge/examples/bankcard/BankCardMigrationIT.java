package io.shardbridge.examples.bankcard;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardbridge.bridge.jdbc.BridgeDataSource;
import io.shardbridge.examples.walk.ServiceWalk;
import io.shardbridge.examples.walk.ShardTables;
import java.util.Map;
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
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
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
        ShardTables.freshService(LEGACY, SHARD0, SHARD1, Map.of("bank_card", "{ shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }",
                "card_movement", "{ shard-key: user_id, tables-per-shard: 2, algorithm: hash-mod }"),
                "CREATE TABLE bank_card (card_id bigint PRIMARY KEY, user_id bigint NOT NULL, pan_last4 char(4) NOT NULL, "
                    + "status varchar(16) NOT NULL, balance numeric(14,2) NOT NULL)",
                "CREATE TABLE card_movement (movement_id bigserial PRIMARY KEY, card_id bigint NOT NULL, user_id bigint NOT NULL, "
                    + "amount numeric(14,2) NOT NULL, booked_at timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO bank_card SELECT g, g % 500, lpad((g % 10000)::text, 4, '0'), 'ACTIVE', 100 FROM generate_series(1, " + SEEDED + ") g");
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

            // card_movement's bigserial kept counting from legacy's sequence after the flip (blocks of 1,000, a block per instance dropped at each move), not 64-bit ids
            long[] movements = walk.targetMaxAndCount("card_movement", "movement_id");
            assertThat(movements[1]).isGreaterThan(50);
            assertThat(movements[0]).as("the largest movement_id against the movement count").isLessThan(movements[1] + 20_000);
            walk.walkBackToShadow();
            long next = walk.insertReturningKey("INSERT INTO card_movement (card_id, user_id, amount) VALUES (1, 1, 0.01) RETURNING movement_id");
            assertThat(next).as("legacy's sequence continues past every id the shards were given").isGreaterThan(movements[0]);
        }
    }
}
